// The context object handed to a handler invocation: the implementation of handlers/api.ts.
// Every operation first checks that the invocation is still alive — after its service crashed,
// whatever the code goes on doing has no effect — and the operations that cross a named crash
// point ask the fault hooks whether to die right there.

import type { BrokerTx, DbApi, HandlerContext, IncomingMessage, PublishOptions, Tx } from './api';
import type { Settlement } from '../brokers/types';
import { isIterator, PromiseAwaitedError } from './coroutine';
import { brokerTransactionCoroutine } from './broker-transaction';
import type { Invocation, ServiceHost } from '../services/invocation';
import type { Json } from '../scenario/json';
import type { Transaction } from '../services/database';
import { settleOptions, textArgument, workTicks } from '../services/publish-options';
import type { CallOptions, PendingCall } from '../services/calls';

export function inboxTable(handler: string): string {
  return `inbox:${handler}`;
}

/**
 * Is an inbox entry still within the service's dedup window (`inbox.dedupWindowTicks`; no
 * window: forever)? Real inboxes are cleaned up (MassTransit 30 min, NServiceBus 7 days), so a
 * duplicate arriving later than the window is processed again.
 */
function fresh(entry: unknown, windowTicks: number | undefined, now: number): boolean {
  if (entry === undefined) return false;
  if (windowTicks === undefined) return true;
  const tick = (entry as { tick?: unknown } | null)?.tick;
  return typeof tick !== 'number' || now - tick < windowTicks;
}

export const OUTBOX_TABLE = 'outbox';

/** The inbox's unique key was violated: another copy of this message was processed meanwhile. */
export class DuplicateInboxEntry extends Error {
  constructor(handler: string, key: string) {
    super(`${handler} already processed ${key}: inbox key violation, the transaction rolls back`);
    this.name = 'DuplicateInboxEntry';
  }
}

/**
 * The context of one invocation: a class, so its operations live once on the prototype instead
 * of ~30 closures made for every attempt (this is the hot path of every delivery). Parts a
 * handler rarely touches (db, inbox, saga, session, the idempotency key) are made on first use.
 * Only engine code holds it (built-in handlers, and realm-run.ts dispatching a realm's
 * operations): handler source never sees this object.
 */
class HostContext implements HandlerContext {
  private dbApi: DbApi | undefined;
  private inboxApi: HandlerContext['inbox'] | undefined;
  private sagaApi: HandlerContext['saga'] | undefined;
  private rng: ReturnType<ServiceHost['random']> | undefined;
  /** Looked up when the attempt starts, as the session lock stands then. */
  readonly session: HandlerContext['session'];

  constructor(
    private readonly inv: Invocation,
    private readonly host: ServiceHost,
  ) {
    this.session = host.session(inv);
  }

  get message(): IncomingMessage {
    return this.inv.message;
  }

  get service(): string {
    return this.inv.service.name;
  }

  get handler(): string {
    return this.inv.handler.spec.name;
  }

  get attempt(): number {
    return this.inv.attempt;
  }

  get idempotencyKey(): string {
    const m = this.inv.message;
    const key = m.headers['Idempotency-Key'];
    return typeof key === 'string' ? key : m.id;
  }

  get db(): DbApi {
    if (this.dbApi) return this.dbApi;
    const { inv, host } = this;
    const svc = inv.service;
    return (this.dbApi = Object.freeze({
      get: (table: string, key: string) => svc.db.get(table, key),
      keys: (table: string) => svc.db.keys(table),
      put: (table: string, key: string, value: unknown) => {
        if (!inv.alive) return;
        const tx = svc.db.begin();
        tx.put(table, key, value as Json);
        commit(inv, host, tx, []);
        // The write is durable; whatever comes next (a call, a publish, another write) has not happened.
        host.crashPoint(inv, 'after-direct-put');
      },
      transaction: <T>(work: (tx: Tx) => T | Promise<T>) => {
        const coroutine = transactionCoroutine(inv, host, work);
        (inv.pendingTransactions ??= new Set()).add(coroutine);
        return coroutine as unknown as Promise<T>;
      },
    }));
  }

  /** Returns at once; with publisher confirms on, a frame that waits for the confirm when awaited. */
  private direct(kind: 'event' | 'command', type: string, body: unknown, options?: PublishOptions): Promise<void> {
    const pending = publishDirect(this.inv, this.host, kind, type, body, options);
    return (pending ? confirmCoroutine(this.inv, pending) : undefined) as unknown as Promise<void>;
  }

  publish(type: string, body: unknown, options?: PublishOptions): Promise<void> {
    return this.direct('event', type, body, options);
  }

  send(type: string, body: unknown, options?: PublishOptions): Promise<void> {
    return this.direct('command', type, body, options);
  }

  get inbox(): HandlerContext['inbox'] {
    if (this.inboxApi) return this.inboxApi;
    const { inv, host } = this;
    const svc = inv.service;
    return (this.inboxApi = Object.freeze({
      seen: (id?: string) => {
        const seen = fresh(svc.db.peek(inboxTable(inv.handler.spec.name), id ?? inv.message.id), svc.spec.inbox?.dedupWindowTicks, host.now());
        if (seen && inv.alive) host.inboxSkipped(inv);
        return seen;
      },
    }));
  }

  get saga(): HandlerContext['saga'] {
    if (this.sagaApi) return this.sagaApi;
    const { inv, host } = this;
    return (this.sagaApi = Object.freeze({
      stepCompleted: (saga: string, id: string, step: string, state?: unknown) => {
        if (inv.alive) host.sagaEvent(inv, 'step-completed', String(saga), String(id), String(step), state);
      },
      compensated: (saga: string, id: string, step: string) => {
        if (inv.alive) host.sagaEvent(inv, 'compensated', String(saga), String(id), String(step));
      },
    }));
  }

  now(): number {
    return this.host.now();
  }

  /** The handler's own seeded stream (made on first use: the same stream, so the same numbers). */
  random(): number {
    const { inv, host } = this;
    this.rng ??= host.random(`handler/${inv.service.name}/${inv.handler.spec.name}`);
    return this.rng.next();
  }

  log(text: string): void {
    if (this.inv.alive) this.host.log(this.inv, String(text));
  }

  work(ms: number): Promise<void> {
    this.inv.workTicks += workTicks(ms);
    return undefined as unknown as Promise<void>;
  }

  deadLetter(reason: string, description?: string, message?: IncomingMessage): void {
    const settlement: Settlement = { outcome: 'dead-letter', reason: textArgument(reason, 'ctx.deadLetter(reason)')!, explicit: true };
    if (description !== undefined) settlement.description = textArgument(description, 'ctx.deadLetter(reason, description)');
    this.host.settleExplicitly(this.inv, settlement, message, 'ctx.deadLetter()');
  }

  complete(message?: IncomingMessage): void {
    this.host.settleExplicitly(this.inv, { outcome: 'complete', explicit: true }, message, 'ctx.complete()');
  }

  abandon(message?: IncomingMessage): void {
    this.host.settleExplicitly(this.inv, { outcome: 'abandon', explicit: true }, message, 'ctx.abandon()');
  }

  defer(message?: IncomingMessage): void {
    this.host.settleExplicitly(this.inv, { outcome: 'defer', explicit: true }, message, 'ctx.defer()');
  }

  nack(options?: { requeue?: boolean }, message?: IncomingMessage): void {
    this.host.settleExplicitly(this.inv, { outcome: 'nack', requeue: settleOptions(options, 'ctx.nack()')?.requeue !== false, method: 'basic.nack', explicit: true }, message, 'ctx.nack()');
  }

  reject(options?: { requeue?: boolean }, message?: IncomingMessage): void {
    this.host.settleExplicitly(this.inv, { outcome: 'nack', requeue: settleOptions(options, 'ctx.reject()')?.requeue === true, method: 'basic.reject', explicit: true }, message, 'ctx.reject()');
  }

  receiveDeferred(sequenceNumber: number): IncomingMessage {
    return this.host.receiveDeferred(this.inv, sequenceNumber);
  }

  peek(entity: string, maxMessages?: number, fromSequenceNumber?: number): IncomingMessage[] {
    return this.host.peek(this.inv, String(entity), maxMessages ?? 1, fromSequenceNumber);
  }

  brokerTransaction<T>(work: (tx: BrokerTx) => T | Promise<T>): Promise<T> {
    const frame = brokerTransactionCoroutine(this.inv, this.host, work);
    (this.inv.pendingTransactions ??= new Set()).add(frame);
    return frame as unknown as Promise<T>;
  }

  protect(value: unknown): string {
    return this.host.protect(value);
  }

  reveal(token: unknown): unknown {
    return this.host.reveal(this.inv, token);
  }

  call(service: string, operation: string, body?: unknown, options?: CallOptions): Promise<unknown> {
    const frame = callCoroutine(this.inv, this.host, String(service), String(operation), body, options);
    (this.inv.pendingTransactions ??= new Set()).add(frame);
    return frame as unknown as Promise<unknown>;
  }
}

export function createContext(inv: Invocation, host: ServiceHost): HandlerContext {
  return new HostContext(inv, host);
}

/**
 * ctx.publish / ctx.send: the message leaves now (unless the invocation is gone or a crash
 * strikes at after-commit-before-publish). Returns the confirm to wait for when the handler's
 * channel is in confirm mode (RabbitMQ publisher confirms), else undefined.
 */
export function publishDirect(inv: Invocation, host: ServiceHost, kind: 'event' | 'command', type: string, body: unknown, options?: PublishOptions): PendingCall | undefined {
  if (!inv.alive) return undefined;
  if (inv.committedTicks !== null && host.crashPoint(inv, 'after-commit-before-publish')) return undefined;
  return host.publishFrom(inv, type, body, options, kind, 'direct');
}

/** Suspend until something the handler awaits has settled (a call's reply, a confirm): return its value or throw. */
function* settled(inv: Invocation, pending: PendingCall): Generator<unknown, unknown, unknown> {
  if (!pending.done) {
    inv.waitFor = (resume) => {
      pending.resume = resume;
    };
    inv.workTicks += 1; // makes the driver suspend; the lifecycle hands its resume to the call or confirm
    yield undefined;
  }
  if (pending.error) throw pending.error;
  return pending.value;
}

/**
 * An awaited publisher confirm as a coroutine frame: suspend until basic.ack (return) or
 * basic.nack (throw PublishNacked). Not awaiting it is allowed: then nobody hears the nack.
 */
function* confirmCoroutine(inv: Invocation, pending: PendingCall): Generator<unknown, undefined, unknown> {
  if (inv.workTicks > 0) yield undefined; // spend the work done before first
  yield* settled(inv, pending);
  return undefined;
}

/** A synchronous call as a coroutine frame: start it, suspend until it settles, return or throw. */
function* callCoroutine(inv: Invocation, host: ServiceHost, service: string, operation: string, body: unknown, options: CallOptions | undefined): Generator<unknown, unknown, unknown> {
  if (inv.workTicks > 0) yield undefined; // spend the work done before the call first
  if (!inv.alive) return undefined;
  // A call leaves the process as a publish does: a crash after a commit and before it leaves is the same dual write.
  if (inv.committedTicks !== null && host.crashPoint(inv, 'after-commit-before-publish')) return undefined;
  return yield* settled(inv, host.call(inv, service, operation, body, options));
}

interface StagedOutbox {
  messageId: string;
  type: string;
}

/** An open transaction of one invocation: its Tx API and the commit that ends it. */
export interface OpenTransaction {
  api: Tx;
  /** The callback is over (returned or threw): sends leave as committed-side again. */
  close(): void;
  /** Closes, then commits (unless the invocation died or a crash strikes mid-transaction). */
  commit(): void;
}

/**
 * Opens a transaction of `inv`. `tracked`: while its callback runs, whatever leaves the process
 * (ctx.publish, ctx.call) is marked as sent from inside an uncommitted transaction; a realm
 * handler tells that per operation instead (realm-run.ts), so its transactions are untracked.
 */
export function openTransaction(inv: Invocation, host: ServiceHost, tracked = true): OpenTransaction {
  const svc = inv.service;
  const tx = svc.db.begin();
  const staged: StagedOutbox[] = [];
  const sagaEvents: (() => void)[] = [];
  const outboxWrite = (kind: 'event' | 'command') => (type: string, body: unknown, options?: PublishOptions) => {
    const { message, destination, delayTicks } = host.buildMessage(inv, type, body, options, kind);
    const row: Record<string, unknown> = { message, destination };
    if (delayTicks) row.deliverAtTick = host.now() + delayTicks;
    tx.put(OUTBOX_TABLE, message.id, row as unknown as Json);
    staged.push({ messageId: message.id, type });
  };
  const inboxName = inboxTable(inv.handler.spec.name);
  const api: Tx = Object.freeze({
    get: (table: string, key: string) => tx.get(table, key),
    put: (table: string, key: string, value: unknown) => tx.put(table, key, value as Json), // Transaction.put stores its own copy
    delete: (table: string, key: string) => tx.delete(table, key),
    keys: (table: string) => tx.keys(table),
    outbox: Object.freeze({ publish: outboxWrite('event'), send: outboxWrite('command') }),
    inbox: Object.freeze({
      seen: (id?: string) => {
        const seen = fresh(tx.peek(inboxName, id ?? inv.message.id), svc.spec.inbox?.dedupWindowTicks, host.now());
        if (seen && inv.alive) host.inboxSkipped(inv);
        return seen;
      },
      // An insert into a table keyed by message id: a second copy that got this far (two
      // copies running at once) violates the key, and its transaction rolls back.
      record: (id?: string) => {
        const key = id ?? inv.message.id;
        if (fresh(tx.peek(inboxName, key), svc.spec.inbox?.dedupWindowTicks, host.now())) throw new DuplicateInboxEntry(inv.handler.spec.name, key);
        tx.put(inboxName, key, { tick: host.now() });
      },
    }),
    saga: Object.freeze({
      stepCompleted: (saga: string, id: string, step: string, state?: unknown) => {
        sagaEvents.push(() => host.sagaEvent(inv, 'step-completed', String(saga), String(id), String(step), state));
      },
      compensated: (saga: string, id: string, step: string) => {
        sagaEvents.push(() => host.sagaEvent(inv, 'compensated', String(saga), String(id), String(step)));
      },
    }),
  });
  if (tracked) inv.openTransactions++;
  let open = tracked;
  const close = () => {
    if (open) inv.openTransactions--;
    open = false;
  };
  return {
    api,
    close,
    commit: () => {
      close();
      if (!inv.alive) return;
      if (host.crashPoint(inv, 'mid-transaction')) return;
      commit(inv, host, tx, staged);
      for (const record of sagaEvents) record();
    },
  };
}

function* transactionCoroutine<T>(inv: Invocation, host: ServiceHost, work: (tx: Tx) => T | Promise<T>): Generator<unknown, T, unknown> {
  const open = openTransaction(inv, host);
  let result: unknown;
  try {
    result = work(open.api);
    if (isIterator(result)) result = yield* result as Generator<unknown, unknown, unknown>;
    else if (result && typeof (result as { then?: unknown }).then === 'function') throw new PromiseAwaitedError();
  } finally {
    open.close();
  }
  open.commit();
  return result as T;
}

function commit(inv: Invocation, host: ServiceHost, tx: Transaction, staged: StagedOutbox[]): void {
  host.checkCommit(inv.service.name);
  const writes = inv.service.db.commit(tx);
  inv.committedTicks = host.now();
  host.committed(inv, writes, staged.map((s) => s.messageId));
}
