// The life of handler invocations: a delivery (or a workload request) starts an attempt, the
// attempt runs as a coroutine in virtual time, and its outcome is settled with the broker —
// acked on success, retried in-process if the handler's retry policy says so, otherwise failed
// back to the broker (which redelivers or dead-letters). The process's own life (crash,
// restart) is in services/process.ts; how a delivery is settled, in services/settlement.ts.

import type { World } from '../world';
import type { BrokerSession, Delivery, Message, Settlement } from '../brokers/types';
import { checkSendable, publishToBroker, type HandlerConfirm, type PublishVia } from './publishing';
import { awaitConfirm } from './confirmed-publish';
import { brokerTransactionSent, commitBrokerTransaction, peek } from './broker-ops';
import type { IncomingMessage, PublishOptions } from '../handlers/api';
import { createContext, DuplicateInboxEntry } from '../handlers/context';
import { driveCoroutine, isPlainResult, NEVER_AWAITED, type Outcome } from '../handlers/coroutine';
import { runInRealm } from '../handlers/realm-run';
import { crashProcess, restartProcess, type ProcessHost } from './process';
import { receiveDeferred, sessionOf, settleDelivery, settleExplicitly } from './settlement';
import { buildMessage } from '../handlers/messages';
import type { DbWrite } from '../trace/types';
import type { CrashPoint, HandlerRuntime, Invocation, InvocationEnd, ServiceHost, ServiceRuntime, StagedBrokerTx } from './invocation';
import { SyncCalls, type PendingCall } from './calls';
import { protect, reveal } from '../patterns/governance';
import { OutboxRelay, type Relay } from './outbox-relay';
import { LogTailingRelay } from '../patterns/outbox/log-tailing-relay';
import { describeThrown } from './thrown';
import { snapshotThrown } from '../handlers/failure';
import { recordCommitted, recordCompleted, recordStarted, recordInboxSkipped, recordLog, recordSagaEvent, refs, toIncoming } from './records';
import { callOptions, publishOptions } from './publish-options';

/** Decides the delay before in-process retry number `attempt` (2, 3…), or null for no retry. */
export type RetryDecider = (inv: Invocation, error: unknown) => number | null;

/**
 * Decides what happens to a delivery whose retries are used up (patterns/retry): a settlement
 * (dead-letter with the attempt history), 'handled' when the pattern took the message over
 * (delayed redelivery), or null to fail it back to the broker.
 */
export type ExhaustedDecider = (inv: Invocation, error: unknown, text: string) => Settlement | 'handled' | null;

export { BrokerUnreachable } from './thrown';

/** The common end of an attempt (nothing returned, acked), made once: nobody changes an outcome, end or settlement. */
const RETURNED_NOTHING: Outcome & InvocationEnd = Object.freeze({ ok: true, value: undefined });
const COMPLETE: Settlement = Object.freeze({ outcome: 'complete' });

export class Lifecycle implements ServiceHost, ProcessHost {
  readonly relays = new Map<string, Relay>();
  retryDelay: RetryDecider = () => null;
  retryExhausted: ExhaustedDecider = () => null;
  readonly calls: SyncCalls;
  private readonly consumerTargets = new Map<string, { svc: ServiceRuntime; handler: HandlerRuntime }>();
  private readonly sessions: boolean; // any broker with sessions (Service Bus): else no attempt asks for one

  constructor(private readonly world: World) {
    this.calls = new SyncCalls(world, this);
    this.sessions = world.brokers.some((b) => b.session !== undefined);
    world.onDelivery = (delivery) => this.deliver(delivery);
    for (const svc of world.services.values()) {
      this.relays.set(svc.name, svc.spec.outbox?.relay === 'log-tailing' ? new LogTailingRelay(svc, world, this) : new OutboxRelay(svc, world, this));
    }
  }

  now(): number {
    return this.world.now();
  }

  random(stream: string) {
    return this.world.random(stream);
  }

  deliver(delivery: Delivery): void {
    const target = this.consumerTarget(delivery.consumerId);
    if (target === null || !target.svc.up) return;
    const { svc, handler } = target;
    for (const hook of this.world.hooks) {
      const decision = hook.beforeDelivery?.(delivery);
      if (decision?.delayTicks) return this.deliverLater(svc, handler, delivery, decision.delayTicks);
      if (decision?.duplicate) this.startAttempt(svc, handler, toIncoming(delivery), delivery, 1, true);
    }
    this.startAttempt(svc, handler, toIncoming(delivery), delivery, 1);
  }

  // (Closures are made in methods of their own: a method that makes one gets a context object on every call.)
  private runAttemptLater(inv: Invocation, tick: number): void {
    this.world.later(tick, () => inv.alive && this.runAttempt(inv, undefined));
  }

  private deliverLater(svc: ServiceRuntime, handler: HandlerRuntime, delivery: Delivery, delayTicks: number): void {
    const incarnation = svc.incarnation;
    this.world.later(this.now() + delayTicks, () => svc.incarnation === incarnation && this.startAttempt(svc, handler, toIncoming(delivery), delivery, 1));
  }

  /** The service and handler behind a consumer id, looked up once (consumers are registered before the run starts). */
  private consumerTarget(consumerId: string): { svc: ServiceRuntime; handler: HandlerRuntime } | null {
    let target = this.consumerTargets.get(consumerId);
    if (target === undefined) {
      const binding = this.world.consumers.get(consumerId);
      const svc = binding && this.world.services.get(binding.service);
      if (!binding || !svc) return null;
      this.consumerTargets.set(consumerId, (target = { svc, handler: svc.handlers.get(binding.handler)! }));
    }
    return target;
  }

  /** A workload request calls an entry handler directly (an API call into the service). */
  request(svc: ServiceRuntime, handler: HandlerRuntime, message: IncomingMessage): void {
    if (!svc.up) {
      this.world.record({
        kind: 'request.refused', actor: svc.name, messageId: message.id, correlationId: message.correlationId,
        data: { service: svc.name, handler: handler.spec.name, reason: `${svc.name} is down` },
        text: `request refused: ${svc.name} is down (the caller gets an error and must retry)`,
      });
      return;
    }
    if (!this.calls.admit(svc, handler, message)) {
      this.world.record({
        kind: 'request.refused', actor: svc.name, messageId: message.id, correlationId: message.correlationId,
        data: { service: svc.name, handler: handler.spec.name, reason: `${svc.name} is overloaded (503)` },
        text: `request refused: every ${handler.spec.name} worker is busy and the backlog is full (503)`,
      });
    }
  }

  /** A handler calls another service synchronously (ctx.call). */
  call(inv: Invocation, service: string, operation: string, body: unknown, options: unknown): PendingCall {
    return this.calls.call(inv, service, operation, body, callOptions(options, `ctx.call(${JSON.stringify(String(service).slice(0, 60))}, ${JSON.stringify(String(operation).slice(0, 60))})`));
  }

  protect(value: unknown): string {
    return protect(this.world, value);
  }

  reveal(inv: Invocation, token: unknown): unknown {
    return reveal(this.world, inv.service.name, token, { messageId: inv.message.id, correlationId: inv.message.correlationId });
  }

  /** Records how an invocation ended, once, and tells whoever listens. */
  ended(inv: Invocation, end: InvocationEnd): void {
    if (inv.ended) return;
    inv.ended = end;
    inv.onEnd?.(end);
  }

  startAttempt(svc: ServiceRuntime, handler: HandlerRuntime, message: IncomingMessage, delivery: Delivery | undefined, attempt: number, duplicate = false): Invocation {
    const inv: Invocation = {
      service: svc, handler, message, delivery, attempt, startedTick: this.now(), workTicks: 0, alive: true, liveSlot: -1, committedTicks: null,
      settlement: undefined, extra: undefined, openTransactions: 0, pendingTransactions: null, ended: undefined, onEnd: undefined, waitFor: undefined,
    };
    svc.invocations.add(inv);
    recordStarted(this.world, inv, attempt, duplicate ? 'a duplicate of the same delivery reached the handler' : undefined);
    if (this.crashPoint(inv, 'before-handler')) return inv;
    let injected: { error: unknown } | undefined;
    let pauseTicks = 0;
    for (const hook of this.world.hooks) {
      const d = hook.beforeHandler?.(inv);
      if (d && 'error' in d && !injected) injected = { error: d.error };
      if (d?.pauseTicks) pauseTicks += d.pauseTicks;
    }
    if (pauseTicks > 0 && !injected) {
      this.runAttemptLater(inv, this.now() + pauseTicks);
      return inv;
    }
    this.runAttempt(inv, injected);
    return inv;
  }

  private runAttempt(inv: Invocation, injected: { error: unknown } | undefined): void {
    const { handler, message } = inv;
    if (handler.source) return this.runSource(inv, handler.source, injected);
    const ctx = createContext(inv, this);
    let first: unknown;
    let threw = false;
    try {
      if (injected) throw injected.error;
      first = handler.fn(message, ctx);
    } catch (error) {
      first = error;
      threw = true;
    }
    // A handler that returned a plain value without spending time ended now: what the driver
    // would do, without its host and closures (most built-in handlers, on every delivery).
    if (!threw && inv.workTicks === 0 && isPlainResult(first)) return this.finish(inv, first === undefined ? RETURNED_NOTHING : { ok: true, value: first });
    this.drive(inv, first, threw);
  }

  /** Source code runs in the service's realm. */
  private runSource(inv: Invocation, source: NonNullable<HandlerRuntime['source']>, injected: { error: unknown } | undefined): void {
    const handler = inv.handler;
    // A fault's injected error or a module that failed to load after a restart fails the attempt without entering it.
    const failure = injected ? { error: injected.error } : source.loadError ? { error: source.loadError } : inv.service.realm ? undefined : { error: new Error(`${inv.service.name} has no running process`) };
    if (failure) return this.finish(inv, { ok: false, error: snapshotThrown(failure.error) });
    runInRealm(inv.service.realm!, handler.spec.name, inv, this, {
      takeWorkTicks: () => 0,
      sleep: (ticks, resume) => this.world.at(this.now() + ticks, () => inv.alive && resume()),
      waitCall: (pending, resume) => {
        pending.resume = () => inv.alive && resume();
      },
      alive: () => inv.alive,
    }, (outcome) => this.finish(inv, outcome));
  }

  /** A handler that suspended (a coroutine) or threw: the driver takes it from `first`. */
  private drive(inv: Invocation, first: unknown, threw: boolean): void {
    driveCoroutine(
      first,
      threw,
      {
        takeWorkTicks: () => { const t = inv.workTicks; inv.workTicks = 0; return t; },
        sleep: (ticks, resume) => {
          const waitFor = inv.waitFor;
          inv.waitFor = undefined;
          if (waitFor) waitFor(() => inv.alive && resume()); // a ctx.call: resume when it settles
          else this.world.at(this.now() + ticks, () => inv.alive && resume());
        },
        alive: () => inv.alive,
        started: (frame) => inv.pendingTransactions?.delete(frame),
      },
      (outcome) => this.finish(inv, outcome),
    );
  }

  private finish(inv: Invocation, outcome: Outcome): void {
    if (!inv.alive) return;
    const svc = inv.service;
    const name = inv.handler.spec.name;
    if (outcome.ok && inv.pendingTransactions !== null && inv.pendingTransactions.size > 0) {
      outcome = { ok: false, error: new Error(NEVER_AWAITED) };
    }
    if (!outcome.ok && outcome.error instanceof DuplicateInboxEntry) {
      // The inbox's unique key rejected a second copy: its transaction rolled back, nothing was
      // applied twice, and the copy is acked like a skipped duplicate.
      this.world.record({
        kind: 'inbox.duplicate-skipped', actor: svc.name, ...refs(inv), data: { service: svc.name, handler: name },
        text: `another copy of ${inv.message.id} was processed meanwhile: the inbox's unique key rolled this transaction back`,
      });
      outcome = { ok: true, value: undefined };
    }
    for (const hook of this.world.hooks) hook.afterAttempt?.(inv, outcome.ok, outcome.ok ? undefined : outcome.error);
    if (!outcome.ok) return this.failed(inv, outcome.error);
    recordCompleted(this.world, inv, this.now() - inv.startedTick);
    this.ended(inv, outcome.value === undefined ? RETURNED_NOTHING : { ok: true, value: outcome.value });
    if (inv.committedTicks !== null && this.crashPoint(inv, 'after-effect-before-ack')) return;
    if (this.crashPoint(inv, 'before-ack')) return;
    svc.invocations.delete(inv);
    inv.alive = false;
    if (inv.delivery) this.settle(inv.delivery, inv.settlement ?? COMPLETE);
    if (inv.extra) for (const x of inv.extra) this.settle(x.delivery, x.settlement ?? COMPLETE);
  }

  settleExplicitly(inv: Invocation, settlement: Settlement, message: IncomingMessage | undefined, call: string): void {
    settleExplicitly(this.world, inv, settlement, message, call);
  }

  receiveDeferred(inv: Invocation, sequenceNumber: number): IncomingMessage {
    return receiveDeferred(this.world, inv, sequenceNumber);
  }

  peek(inv: Invocation, entity: string, maxMessages: number, fromSequenceNumber: number | undefined): IncomingMessage[] {
    return peek(this.world, inv, entity, maxMessages, fromSequenceNumber);
  }

  commitBrokerTransaction(inv: Invocation, staged: StagedBrokerTx): void {
    commitBrokerTransaction(this.world, this, inv, staged);
  }

  brokerTransactionSent(inv: Invocation, staged: StagedBrokerTx): void {
    brokerTransactionSent(this.world, this, inv, staged);
  }

  session(inv: Invocation): BrokerSession | undefined {
    return this.sessions ? sessionOf(this.world, inv) : undefined;
  }

  private failed(inv: Invocation, error: unknown): void {
    const svc = inv.service;
    const text = describeThrown(error);
    const transient = !(typeof error === 'object' && error !== null && (error as { poison?: unknown }).poison === true);
    this.world.record({
      kind: 'handler.failed', actor: svc.name, ...refs(inv),
      data: { service: svc.name, handler: inv.handler.spec.name, error: text, transient },
      text: `${inv.handler.spec.name} threw: ${text}`,
    });
    this.ended(inv, { ok: false, error: text });
    svc.invocations.delete(inv);
    inv.alive = false;
    if (!inv.delivery) return;
    // Received deferred messages: their explicit settlement, else the processor's abandon.
    for (const x of inv.extra ?? []) this.settle(x.delivery, x.settlement ?? { outcome: 'fail', error: text });
    // Settled explicitly before throwing: that settlement stands, no retry and no auto-abandon.
    if (inv.settlement?.explicit) return this.settle(inv.delivery, inv.settlement);
    const delay = this.retryDelay(inv, error);
    if (delay !== null) {
      const next = inv.attempt + 1;
      this.world.record({
        kind: 'retry.scheduled', actor: svc.name, ...refs(inv),
        data: { service: svc.name, handler: inv.handler.spec.name, attempt: next, delayTicks: delay },
        text: `in-process retry ${next - 1} in ${delay} ms (the broker still holds the message for this consumer)`,
      });
      return this.retryLater(inv, inv.delivery, next, delay);
    }
    const decision = this.retryExhausted(inv, error, text);
    if (decision === 'handled') return;
    this.settle(inv.delivery, decision ?? { outcome: 'fail', error: text });
  }

  private retryLater(inv: Invocation, delivery: Delivery, attempt: number, delay: number): void {
    const svc = inv.service;
    const incarnation = svc.incarnation;
    this.world.later(this.now() + delay, () => {
      if (svc.up && svc.incarnation === incarnation) this.startAttempt(svc, inv.handler, inv.message, delivery, attempt);
    });
  }

  settle(delivery: Delivery, settlement: Settlement): void {
    settleDelivery(this.world, delivery, settlement);
  }

  /** Throws BrokerUnreachable when a fault cuts `producer` off from the broker. */
  checkReachable(producer: string, destination: string): void {
    for (const hook of this.world.hooks) {
      const error = hook.publishBlocked?.(producer, destination);
      if (error) throw error;
    }
  }

  /** Throws when a fault makes the service's database refuse commits. */
  checkCommit(service: string): void {
    for (const hook of this.world.hooks) {
      const error = hook.commitBlocked?.(service);
      if (error) throw error;
    }
  }

  crashPoint(inv: Invocation, point: CrashPoint): boolean {
    for (const hook of this.world.hooks) {
      const decision = hook.crashAt?.(inv, point);
      if (decision) {
        this.crash(inv.service, `crash at ${point}`, decision.restartAfterTicks);
        return true;
      }
    }
    return false;
  }

  crash(svc: ServiceRuntime, why: string, restartAfterTicks: number | null): void {
    crashProcess(this.world, this, svc, why, restartAfterTicks);
  }

  restart(svc: ServiceRuntime): void {
    restartProcess(this.world, this, svc);
  }

  /** A handler's outgoing message; its options are checked by type first (services/publish-options). */
  buildMessage(inv: Invocation, type: string, body: unknown, rawOptions: unknown, kind: 'event' | 'command') {
    const options = publishOptions(rawOptions, `${kind === 'event' ? 'publish' : 'send'}(${JSON.stringify(String(type).slice(0, 60))})`);
    const flow = { correlationId: inv.message.correlationId, causationId: inv.message.id, traceparent: inv.message.traceparent };
    const built = buildMessage(this.world.catalog, this.world.ids, inv.service.name, flow, type, body, options, this.now(), kind);
    return { ...built, delayTicks: options?.delayTicks };
  }

  /** A handler's publish; with publisher confirms on, the confirm it can await (services/confirmed-publish.ts). */
  publishFrom(inv: Invocation, type: string, body: unknown, options: PublishOptions | undefined, kind: 'event' | 'command'): PendingCall | undefined {
    const { message, destination, delayTicks } = this.buildMessage(inv, type, body, options, kind);
    if (!inv.handler.publisherConfirms) {
      this.publishMessage(message, destination, 'direct', delayTicks, inv.openTransactions > 0);
      return undefined;
    }
    const { pending, confirm } = awaitConfirm(this.world, message, destination);
    this.publishMessage(message, destination, 'direct', delayTicks, inv.openTransactions > 0, confirm);
    return pending;
  }

  /** Records the publish and hands the message to the broker owning the destination. */
  publishMessage(message: Message, destination: string, via: PublishVia, delayTicks?: number, uncommitted = false, confirm?: HandlerConfirm): void {
    this.checkReachable(message.producer, destination);
    if (!checkSendable(this.world, message, destination, via)) return;
    publishToBroker(this.world, message, destination, via, delayTicks, uncommitted, true, confirm);
  }

  committed(inv: Invocation, writes: DbWrite[], outboxMessageIds: string[]): void {
    recordCommitted(this.world, inv, writes, outboxMessageIds);
    if (outboxMessageIds.length > 0) this.relays.get(inv.service.name)?.kick();
  }

  sagaEvent(inv: Invocation, kind: 'step-completed' | 'compensated', saga: string, id: string, step: string, state?: unknown): void {
    recordSagaEvent(this.world, inv, kind, saga, id, step, state);
  }

  inboxSkipped(inv: Invocation): void {
    recordInboxSkipped(this.world, inv);
  }

  log(inv: Invocation, text: string): void {
    recordLog(this.world, inv, text);
  }
}
