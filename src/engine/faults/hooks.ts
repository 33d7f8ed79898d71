// Where faults plug into the engine. A fault module turns its options into hooks; the engine
// asks the hooks at fixed moments (a crash point reached, a handler about to run, a delivery
// about to be handed over, a message leaving a service, an ack going back, a commit) and faults
// that act at a tick schedule themselves at install time. Every hook that acts records a
// `fault.injected` event, so the trace shows why things broke. Patterns (circuit breaker) use
// the same hooks: they are behaviour wrapped around a handler, like faults, only helpful.

import type { CrashPoint, Invocation } from '../services/invocation';
import type { Delivery, Message } from '../brokers/types';

/** A call to an external system, as the faults on calls see it. */
export interface ExternalCall {
  external: string;
  operation: string;
  caller: string;
  handler: string;
  callId: string;
  correlationId?: string;
}

export interface CrashDecision {
  /** Restart the service this many ticks after the crash; null leaves it down. */
  restartAfterTicks: number | null;
}

export interface DeliveryDecision {
  /** Hand the same delivery over twice. */
  duplicate?: boolean;
  /** Hand it over this many ticks late. */
  delayTicks?: number;
}

/** What happens to a message between its producer and the broker. */
export interface TransitDecision {
  /** Lost on the way (at-most-once path); the reason is traced. */
  drop?: string;
  /** The fault decides when the message reaches the broker by calling `arrive`. */
  defer?: (arrive: () => void) => void;
}

/** What happens to an attempt before the handler code runs. */
export interface AttemptDecision {
  /** Throw this from the handler (a transient failure, a poison message, an open circuit). */
  error?: unknown;
  /** Pause this many ticks before the handler runs (slow consumer, a pause past the lock). */
  pauseTicks?: number;
}

export interface FaultHooks {
  crashAt?(inv: Invocation, point: CrashPoint): CrashDecision | null;
  beforeHandler?(inv: Invocation): AttemptDecision | null;
  beforeDelivery?(delivery: Delivery): DeliveryDecision | null;
  /** A service is about to publish: an error here is thrown at the publisher (broker unreachable). */
  publishBlocked?(producer: string, destination: string): unknown;
  /** A published message on its way to the broker. */
  inTransit?(message: Message, destination: string): TransitDecision | null;
  /** A message reached the broker (reorder waits for the next one). */
  arrived?(message: Message, destination: string): void;
  /** A consumer settles a delivery: a reason here means the ack never reaches the broker. */
  settleLost?(delivery: Delivery, service: string): string | null;
  /** A transaction is about to commit: an error here fails the commit (database outage). */
  commitBlocked?(service: string): unknown;
  /** An external answered a call: a reason here means the answer never reaches the caller (it times out). */
  replyLost?(call: ExternalCall): string | null;
  /** A call is on its way to an external: a reason here means it never arrives (nothing is done; the caller times out). */
  requestLost?(call: ExternalCall): string | null;
  /** An attempt ended (patterns that count outcomes, like the circuit breaker). */
  afterAttempt?(inv: Invocation, ok: boolean, error?: unknown): void;
}
