// The world at the cursor: the engine's fold (entity depths, services up/running, databases)
// evaluated at any trace position, forwards or backwards, fast. The fold runs once over the
// trace as it arrives and keeps a checkpoint every CHECKPOINT_EVENTS events; a seek clones the
// nearest checkpoint at or before the target and applies the few events after it, and a step
// forward applies one event to the state already at hand.

import type { TraceEvent } from '../engine/trace/types';
import { applyEvent, cloneState, emptyState, type RunState } from '../engine/state/fold';

export const CHECKPOINT_EVENTS = 1024;

export class TraceStates {
  private readonly checkpoints: RunState[] = [emptyState()];
  private tail: RunState = emptyState();
  private current: RunState = emptyState();

  constructor(private readonly trace: readonly TraceEvent[], private readonly every = CHECKPOINT_EVENTS) {}

  /** Folds events the trace gained since the last call, saving checkpoints on the way. */
  extend(): void {
    const trace = this.trace;
    for (let i = this.tail.position; i < trace.length; i++) {
      applyEvent(this.tail, trace[i]!);
      if (this.tail.position % this.every === 0) this.checkpoints.push(cloneState(this.tail));
    }
  }

  /** The state after the first `position` events (clamped). The returned object is reused: read, don't keep. */
  at(position: number): RunState {
    this.extend();
    const target = Math.max(0, Math.min(position, this.trace.length));
    const checkpoint = this.checkpoints[Math.min(Math.floor(target / this.every), this.checkpoints.length - 1)]!;
    let base = this.current;
    // Moving forward a little: applying events beats cloning a checkpoint (databases can be large).
    const near = base.position <= target && target - base.position <= this.every * 2;
    if (!near && (base.position > target || checkpoint.position > base.position)) base = cloneState(checkpoint);
    for (let i = base.position; i < target; i++) applyEvent(base, this.trace[i]!);
    this.current = base;
    return base;
  }
}
