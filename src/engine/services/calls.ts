// Synchronous calls between services: `ctx.call(service, operation, body, { timeoutTicks })`.
// The concept: a synchronous call couples the caller to the callee *in time*. The caller waits
// — holding its delivery, its lock and its concurrency slot — for the network latency both ways
// plus the callee's queueing and processing time, and it fails whenever the callee is down,
// overloaded, slow or failing. That is the whole argument of "why async", so it is modelled
// here rather than faked in a lesson.
//
// The callee exposes the operation as an entry handler (no `consumes`). The handler's
// `concurrency` bounds how many requests it serves at once (unset: unlimited); requests beyond
// it wait in a FIFO backlog of `calls.backlog` places (service option; unset: unlimited) and
// are refused beyond that, like an HTTP 503. Workload requests pass the same gate. A caller that
// gives up (timeout) does not stop the callee: that work still happens, and nobody hears of it.

import type { Json } from '../scenario/json';
import { cloneJson, isJson } from '../scenario/json';
import type { World } from '../world';
import type { IncomingMessage } from '../handlers/api';
import { parseTraceparent } from '../kernel/ids';
import type { HandlerRuntime, Invocation, InvocationEnd, ServiceRuntime } from './invocation';
import { Externals } from './externals';

declare module '../trace/types' {
  interface TraceDataMap {
    /** A handler called another service synchronously and now waits for the answer. */
    /**
     * A handler called another service (or an external system: `external`) synchronously and
     * now waits for the answer. `uncommitted`: sent from inside a transaction that had not
     * committed yet — the call happens now, and a rollback or crash will not undo it.
     */
    'call.started': { from: string; to: string; operation: string; callId: string; timeoutTicks: number; external?: true; uncommitted?: true };
    /** The answer came back in time. */
    'call.completed': { from: string; to: string; operation: string; callId: string; durationTicks: number };
    /** The call failed: the callee was down, refused it, threw, or did not answer in time. */
    'call.failed': { from: string; to: string; operation: string; callId: string; reason: CallFailureReason; error: string; durationTicks: number };
  }
}

export type CallFailureReason = 'unavailable' | 'refused' | 'timeout' | 'error' | 'unknown-operation';

/** Default caller timeout: 30 s of virtual time. */
export const DEFAULT_CALL_TIMEOUT_TICKS = 30_000;
/** Default one-way network latency of a call. */
export const DEFAULT_CALL_LATENCY_TICKS = 5;

/** What the caller's `await ctx.call(...)` throws. Transient: a retry may succeed. */
export class CallFailed extends Error {
  constructor(readonly reason: CallFailureReason, readonly target: string, detail: string) {
    super(`call to ${target} failed (${reason}): ${detail}`);
    this.name = 'CallFailed';
  }
}

export interface CallOptions {
  timeoutTicks?: number;
  /** The call's Idempotency-Key header; an external that honours keys answers a repeat without acting again. */
  idempotencyKey?: string;
}

/** The state of one call as the caller's coroutine sees it. */
export interface PendingCall {
  done: boolean;
  value?: Json;
  /** CallFailed for a call; PublishNacked / PublishConfirmTimeout for an awaited publisher confirm. */
  error?: Error;
  /** Set when the caller suspends; called once when the call settles. */
  resume?: () => void;
}

/** Admission to an entry handler: `concurrency` running, a bounded FIFO backlog behind it. */
class EntryGate {
  active = 0;
  readonly waiting: (() => void)[] = [];
  constructor(readonly concurrency: number, readonly backlog: number) {}

  /** Starts now, queues, or returns false when the backlog is full. */
  admit(start: () => void): boolean {
    if (this.active < this.concurrency) {
      this.active++;
      start();
      return true;
    }
    if (this.waiting.length >= this.backlog) return false;
    this.waiting.push(start);
    return true;
  }

  release(): void {
    this.active = Math.max(0, this.active - 1);
    const next = this.waiting.shift();
    if (next) {
      this.active++;
      next();
    }
  }

  clear(): void {
    this.active = 0;
    this.waiting.length = 0;
  }
}

/** What the call module needs from the lifecycle. */
export interface CallRunner {
  startAttempt(svc: ServiceRuntime, handler: HandlerRuntime, message: IncomingMessage, delivery: undefined, attempt: number): Invocation | undefined;
}

export class SyncCalls {
  private readonly gates = new Map<string, EntryGate>();
  readonly externals: Externals;

  constructor(private readonly world: World, private readonly runner: CallRunner) {
    this.externals = new Externals(world);
  }

  private gate(svc: ServiceRuntime, handler: HandlerRuntime): EntryGate | undefined {
    if (handler.spec.consumes || (handler.spec.concurrency === undefined && svc.spec.calls?.backlog === undefined)) return undefined;
    const key = `${svc.name}/${handler.spec.name}`;
    let g = this.gates.get(key);
    if (!g) this.gates.set(key, (g = new EntryGate(handler.spec.concurrency ?? Number.MAX_SAFE_INTEGER, svc.spec.calls?.backlog ?? Number.MAX_SAFE_INTEGER)));
    return g;
  }

  /**
   * Runs an entry handler for a request, through its admission gate. `ended` hears how the
   * invocation ended. Returns false when the backlog refused the request.
   */
  admit(svc: ServiceRuntime, handler: HandlerRuntime, message: IncomingMessage, ended?: (end: InvocationEnd) => void): boolean {
    const gate = this.gate(svc, handler);
    const incarnation = svc.incarnation;
    const start = () => {
      if (!svc.up || svc.incarnation !== incarnation) {
        ended?.({ ok: false, error: `${svc.name} is down`, crashed: true });
        return;
      }
      let released = false;
      const inv = this.runner.startAttempt(svc, handler, message, undefined, 1);
      const onEnd = (end: InvocationEnd) => {
        if (!released) {
          released = true;
          gate?.release();
        }
        ended?.(end);
      };
      if (inv) {
        if (inv.ended) onEnd(inv.ended);
        else inv.onEnd = onEnd;
      }
    };
    if (!gate) {
      start();
      return true;
    }
    return gate.admit(start);
  }

  /** A service crashed: its running requests are gone and its backlog is lost with its memory. */
  crashed(svc: ServiceRuntime): void {
    for (const [key, gate] of this.gates) if (key.startsWith(`${svc.name}/`)) gate.clear();
  }

  /** Starts a call from `inv` (records call.started) and returns its pending state. */
  call(inv: Invocation, service: string, operation: string, body: unknown, options: CallOptions | undefined): PendingCall {
    const world = this.world;
    const pending: PendingCall = { done: false };
    const from = inv.service.name;
    const callId = world.ids.next('k');
    const target = `${service}.${operation}`;
    const timeoutTicks = Math.max(1, Math.round(options?.timeoutTicks ?? DEFAULT_CALL_TIMEOUT_TICKS));
    const started = world.now();
    const refs = { messageId: callId, correlationId: inv.message.correlationId, causationId: inv.message.id, ...(inv.delivery ? { deliveryId: inv.delivery.id } : {}) };
    const base = { from, to: String(service), operation: String(operation), callId };
    const cleanBody = body === undefined ? null : body;
    if (!isJson(cleanBody)) throw new TypeError(`the body of a call to ${target} must be plain JSON data`);
    const idempotencyKey = options?.idempotencyKey;
    if (idempotencyKey !== undefined && typeof idempotencyKey !== 'string') throw new TypeError(`the idempotencyKey of a call to ${target} must be a string`);
    const external = this.externals.has(String(service));
    const uncommitted = inv.openTransactions > 0;
    const inTx = uncommitted ? '; sent from inside an uncommitted transaction, so a rollback or crash will not undo it' : '';
    world.record({
      kind: 'call.started', actor: from, ...refs,
      data: { ...base, timeoutTicks, ...(external ? { external: true as const } : {}), ...(uncommitted ? { uncommitted: true as const } : {}) },
      text: `${from} calls ${target} and waits (timeout ${timeoutTicks} ms), holding what it holds${inTx}`,
    });
    let cancelTimeout = () => {};
    const settle = (ok: boolean, value: Json | undefined, reason?: CallFailureReason, detail?: string) => {
      if (pending.done) return;
      pending.done = true;
      cancelTimeout();
      const durationTicks = world.now() - started;
      if (ok) {
        pending.value = value;
        world.record({ kind: 'call.completed', actor: from, ...refs, data: { ...base, durationTicks }, text: `${target} answered after ${durationTicks} ms` });
      } else {
        pending.error = new CallFailed(reason!, target, detail!);
        world.record({ kind: 'call.failed', actor: from, ...refs, data: { ...base, reason: reason!, error: detail!, durationTicks }, text: `${target} failed after ${durationTicks} ms: ${detail}` });
      }
      if (inv.alive) pending.resume?.();
    };
    cancelTimeout = world.at(started + timeoutTicks, () => settle(false, undefined, 'timeout', `no answer within ${timeoutTicks} ms (the callee may still do the work)`));
    if (external) {
      const latency = this.externals.latencyTicks(String(service));
      const call = { external: String(service), operation: String(operation), caller: from, handler: inv.handler.spec.name, callId, ...(inv.message.correlationId ? { correlationId: inv.message.correlationId } : {}) };
      const received = () => {
        // A lost request never arrives: nothing is done, and the caller's timeout decides.
        if (world.hooks.some((h) => h.requestLost?.(call))) return;
        const answer = this.externals.receive({
          external: String(service), operation: String(operation), body: cloneJson(cleanBody), caller: from, handler: inv.handler.spec.name, callId,
          ...(idempotencyKey !== undefined ? { idempotencyKey } : {}), uncommitted,
          refs: { messageId: inv.message.id, correlationId: inv.message.correlationId, ...(inv.message.causationId ? { causationId: inv.message.causationId } : {}), ...(inv.delivery ? { deliveryId: inv.delivery.id } : {}) },
        });
        // A lost answer never arrives: the caller's timeout decides, though the effect happened.
        const lost = world.hooks.some((h) => h.replyLost?.(call));
        if (lost) return;
        world.at(world.now() + latency, () => (answer.ok ? settle(true, answer.value) : settle(false, undefined, 'error', answer.error)));
      };
      world.at(started + latency, received);
      return pending;
    }
    const svc = world.services.get(String(service));
    const latency = svc?.spec.calls?.latencyTicks ?? DEFAULT_CALL_LATENCY_TICKS;
    const back = (ok: boolean, value?: Json, reason?: CallFailureReason, detail?: string) => world.at(world.now() + latency, () => settle(ok, value, reason, detail));
    world.at(started + latency, () => {
      if (!svc) return back(false, undefined, 'unknown-operation', `no service named ${service}`);
      const handler = svc.handlers.get(String(operation));
      if (!handler || handler.spec.consumes) return back(false, undefined, 'unknown-operation', `${service} exposes no operation ${operation}`);
      if (!svc.up) return back(false, undefined, 'unavailable', `${service} is down (connection refused)`);
      const parent = parseTraceparent(inv.message.traceparent);
      const message: IncomingMessage = Object.freeze({
        id: callId, type: String(operation), kind: 'request' as const, body: cloneJson(cleanBody), headers: Object.freeze({ caller: from }),
        correlationId: inv.message.correlationId, causationId: inv.message.id,
        traceparent: world.ids.traceparent(parent?.traceId), broker: Object.freeze({}),
      });
      const admitted = this.admit(svc, handler, message, (end) => {
        if (end.ok) back(true, responseOf(end.value));
        else if (end.crashed) return; // no answer ever comes: the caller times out
        else back(false, undefined, 'error', end.error);
      });
      if (!admitted) back(false, undefined, 'refused', `${service} is overloaded: every worker busy and its backlog full (503)`);
    });
    return pending;
  }
}

function responseOf(value: unknown): Json {
  if (value === undefined) return null;
  if (isJson(value)) return cloneJson(value);
  try {
    return JSON.parse(JSON.stringify(value)) as Json;
  } catch {
    return null;
  }
}
