// Where faults plug into the engine. A fault module turns its options into hooks; the engine
// asks the hooks at fixed moments (a crash point reached, a handler about to run, a delivery
// about to be handed over) and faults that act at a tick schedule themselves at install time.
// Every hook that acts records a `fault.injected` event, so the trace shows why things broke.

import type { CrashPoint, Invocation } from '../services/invocation';
import type { Delivery } from '../brokers/types';

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

export interface FaultHooks {
  crashAt?(inv: Invocation, point: CrashPoint): CrashDecision | null;
  /** A value to throw from the handler before it runs (a transient failure or a poison message). */
  beforeHandler?(inv: Invocation): { error: unknown } | null;
  beforeDelivery?(delivery: Delivery): DeliveryDecision | null;
}
