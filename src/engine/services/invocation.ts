// Services and handler invocations at run time. A service is a process with a durable
// database and handlers; it can crash (every running invocation dies, uncommitted work is
// lost, the broker sees its consumers disappear) and restart (database kept). An invocation is
// one attempt of one handler on one message; the engine drives it as a coroutine.

import type { Handler, IncomingMessage, PublishOptions } from '../handlers/api';
import type { Delivery, Message, Settlement } from '../brokers/types';
import type { HandlerSpec, ServiceSpec } from '../scenario/types';
import type { Random } from '../kernel/random';
import type { DbWrite } from '../trace/types';
import { Database } from './database';
import type { ServiceRealm } from '../handlers/realm';
import { LiveInvocations } from './live-invocations';

/** Named moments in a handler's life where a crash fault can strike. */
export type CrashPoint =
  | 'before-handler'
  | 'mid-transaction'
  | 'after-commit-before-publish'
  /** Right after a direct `ctx.db.put` (its own one-write commit, outside any transaction), before whatever the handler does next. */
  | 'after-direct-put'
  | 'after-effect-before-ack'
  | 'before-ack'
  | 'relay-after-publish-before-mark';

export const CRASH_POINTS: readonly CrashPoint[] = [
  'before-handler',
  'mid-transaction',
  'after-commit-before-publish',
  'after-direct-put',
  'after-effect-before-ack',
  'before-ack',
  'relay-after-publish-before-mark',
];

export interface HandlerRuntime {
  spec: HandlerSpec;
  fn: Handler;
  /**
   * Source-code handlers: the compiled module, evaluated in the service's realm at every start
   * of the service (a restarted process starts with empty memory, so module-level variables
   * and caches are gone after a crash). `loadError` is set when that evaluation failed.
   */
  source?: { js: string; file: string; declared: string; loadError?: Error };
  /** Consumer id at the broker, for handlers that consume an entity. */
  consumerId?: string;
  /** RabbitMQ: the handler's channel is in confirm mode; its publishes wait for basic.ack / basic.nack (services/confirmed-publish.ts). */
  publisherConfirms?: boolean;
}

export class ServiceRuntime {
  readonly db: Database;
  up = true;
  /** Bumped on every crash, so timers of a dead incarnation can tell they are stale. */
  incarnation = 0;
  /** Running invocations, in the order they started. */
  readonly invocations = new LiveInvocations();
  readonly handlers = new Map<string, HandlerRuntime>();
  /** The process's handler realm (source-code handlers); null while the service is down. */
  realm: ServiceRealm | null = null;

  constructor(readonly spec: ServiceSpec) {
    this.db = new Database(spec.db);
  }

  get name(): string {
    return this.spec.name;
  }
}

export interface Invocation {
  service: ServiceRuntime;
  handler: HandlerRuntime;
  message: IncomingMessage;
  delivery?: Delivery;
  attempt: number;
  startedTick: number;
  /** Simulated work spent since the last suspension. */
  workTicks: number;
  alive: boolean;
  /** Its slot in its service's running invocations (LiveInvocations), -1 when not among them. */
  liveSlot: number;
  /** Tick of the latest commit, or null before any. */
  committedTicks: number | null;
  /** An explicit settlement the handler asked for (ctx.complete(), ctx.deadLetter()…) instead of the automatic one. */
  settlement?: Settlement;
  /** Deferred messages this invocation received by sequence number (ctx.receiveDeferred), with their settlements. */
  extra?: { delivery: Delivery; message: IncomingMessage; settlement?: Settlement }[];
  /** Transaction callbacks running now: what the handler sends meanwhile leaves before any commit. */
  openTransactions: number;
  /** Transactions created but not yet awaited (null until the first is created). */
  pendingTransactions: Set<Iterator<unknown>> | null;
  /** How it ended, once it has (set once by the lifecycle). */
  ended?: InvocationEnd;
  /** Told once when the invocation ends (the entry gate and a synchronous caller listen). */
  onEnd?: (end: InvocationEnd) => void;
  /** Set by ctx.call while the invocation waits for an answer: the coroutine's resume goes there. */
  waitFor?: (resume: () => void) => void;
}

/** How an invocation ended: its return value, its error, or its service's crash. */
export type InvocationEnd = { ok: true; value: unknown } | { ok: false; error: string; crashed?: boolean };

/**
 * A broker transaction's work (handlers/broker-transaction.ts), committed by the host: a Service
 * Bus transaction stages sends and settlements until the commit; a Kafka transaction writes each
 * send at once (`written`, under `transactionalId`) and commits or aborts them later.
 */
export interface StagedBrokerTx {
  sends: { message: Message; destination: string; delayTicks?: number; written?: boolean }[];
  /** Kafka: the transactional.id the sends were written under. */
  transactionalId?: string;
  settlements: { settlement: Settlement; message: IncomingMessage | undefined; call: string }[];
  /** When the first operation was staged: the 2-minute transaction timeout runs from here. */
  firstTick: number | null;
}

/** What services, contexts and the relay need from the engine. */
export interface ServiceHost {
  now(): number;
  random(stream: string): Random;
  /** True if a crash fault strikes `inv`'s service at `point`; the crash has then happened. */
  crashPoint(inv: Invocation, point: CrashPoint): boolean;
  buildMessage(
    inv: Invocation,
    type: string,
    body: unknown,
    options: unknown,
    kind: 'event' | 'command',
  ): { message: Message; destination: string; delayTicks?: number };
  publishFrom(
    inv: Invocation,
    type: string,
    body: unknown,
    options: PublishOptions | undefined,
    kind: 'event' | 'command',
    via: 'direct',
  ): import('./calls').PendingCall | undefined;
  committed(inv: Invocation, writes: DbWrite[], outboxMessageIds: string[]): void;
  /** Records saga progress declared by a handler (ctx.saga). */
  sagaEvent(inv: Invocation, kind: 'step-completed' | 'compensated', saga: string, id: string, step: string, state?: unknown): void;
  /** Throws when the service's database refuses commits (a database outage fault). */
  checkCommit(service: string): void;
  inboxSkipped(inv: Invocation): void;
  log(inv: Invocation, text: string): void;
  /** Starts a synchronous call to another service's entry handler (services/calls.ts). */
  call(inv: Invocation, service: string, operation: string, body: unknown, options: unknown): import('./calls').PendingCall;
  /** Records an explicit settlement of the current message or a received deferred one; throws when the broker has no such settlement. */
  settleExplicitly(inv: Invocation, settlement: Settlement, message: IncomingMessage | undefined, call: string): void;
  /** ctx.receiveDeferred: locks a deferred message for this invocation, or throws. */
  receiveDeferred(inv: Invocation, sequenceNumber: number): IncomingMessage;
  /** ctx.peek: Service Bus message browsing, or throws. */
  peek(inv: Invocation, entity: string, maxMessages: number, fromSequenceNumber: number | undefined): IncomingMessage[];
  /** ctx.brokerTransaction's commit: all staged sends and settlements at once, or throws and applies none. */
  commitBrokerTransaction(inv: Invocation, staged: StagedBrokerTx): void;
  /** ctx.brokerTransaction: a send was staged; a Kafka transaction writes it now (or throws). */
  brokerTransactionSent(inv: Invocation, staged: StagedBrokerTx): void;
  /** ctx.session: the delivery's Service Bus session, if any. */
  session(inv: Invocation): import('../brokers/types').BrokerSession | undefined;
  /** Tokenizes personal data (patterns/governance). */
  protect(value: unknown): string;
  /** The value behind a token, if the invocation's service may reveal it. */
  reveal(inv: Invocation, token: unknown): unknown;
}
