// Records trace events: stamps each with its seq and the current tick and appends it. In
// untraced mode (benchmarks) events are counted but not kept. Listeners let a host stream
// events out in batches while a run is still going.

import type { TraceEvent, TraceInput, TraceKind } from './types';

export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  private count = 0;

  constructor(
    private readonly now: () => number,
    private readonly keep: boolean,
  ) {}

  get length(): number {
    return this.count;
  }

  record<K extends TraceKind>(input: TraceInput<K>): void {
    const seq = this.count++;
    if (!this.keep) return;
    // Fixed key order (seq, tick, kind, actor, …) keeps the JSON, and so the hash, canonical.
    const head = { seq, tick: this.now(), kind: input.kind, actor: input.actor };
    const event = Object.assign(head, input) as unknown as TraceEvent;
    this.events.push(event);
  }
}
