// Records trace events: stamps each with its seq and the current tick and appends it. In
// untraced mode (benchmarks) events are counted but not kept. A run's event limits are checked
// here, on every event, so a cascade inside one agenda item cannot run past them.

import type { TraceEvent, TraceInput, TraceKind } from './types';

export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  private count = 0;
  /**
   * The event count at which recording stops: `onLimit` is called (it throws, unwinding the
   * agenda item that ran away) instead of recording. The world moves it before every step.
   */
  stopAt = Infinity;
  onLimit: () => void = () => {};

  constructor(
    private readonly now: () => number,
    private readonly keep: boolean,
  ) {}

  get length(): number {
    return this.count;
  }

  record<K extends TraceKind>(input: TraceInput<K>): void {
    if (this.count >= this.stopAt) this.onLimit();
    const seq = this.count++;
    if (!this.keep) return;
    // Fixed key order (seq, tick, kind, actor, …) keeps the JSON, and so the hash, canonical.
    const head = { seq, tick: this.now(), kind: input.kind, actor: input.actor };
    const event = Object.assign(head, input) as unknown as TraceEvent;
    this.events.push(event);
  }
}
