// Records trace events: stamps each with its seq and the current tick and appends it to the
// columnar store (columns.ts). In untraced mode (benchmarks) events are counted but not kept.
// A run's event limits are checked here, on every event, so a cascade inside one agenda item
// cannot run past them. Events as objects are built on demand: `event(i)` and `slice` build
// fresh ones; `events` builds the whole trace once and keeps it (for views that want an array).

import type { TraceEvent, TraceInput, TraceKind } from './types';
import { TraceColumns } from './columns';
import type { TraceLayout } from './layouts';
import { IssuedIds } from './issued';

export class TraceRecorder {
  readonly columns = new TraceColumns();
  private count = 0;
  private built: TraceEvent[] = [];
  /**
   * The event count at which recording stops: `onLimit` is called (it throws, unwinding the
   * agenda item that ran away) instead of recording. The world moves it before every step.
   */
  stopAt = Infinity;
  onLimit: () => void = () => {};

  constructor(
    private readonly now: () => number,
    private readonly keep: boolean,
  ) {
    if (keep) this.columns.table.issued = new IssuedIds();
  }

  /** Where the run's id source hands its ids to the trace with their parts (null when the trace is not kept). */
  get issued(): IssuedIds | null {
    return this.columns.table.issued;
  }

  get length(): number {
    return this.count;
  }

  record<K extends TraceKind>(input: TraceInput<K>): void {
    if (this.count >= this.stopAt) this.onLimit();
    this.count++;
    if (this.keep) this.columns.append(this.now(), input);
  }

  /**
   * For a layout writer (TraceColumns.openLayout): counts the event as `record` does and opens it
   * with its string columns, or returns null when the trace is not kept. The writer then writes
   * the layout's payload values into `columns.payload` and closes it.
   */
  openLayout(layout: TraceLayout, actor: string | undefined, messageId: string | undefined, correlationId: string | undefined, deliveryId: string | undefined): TraceColumns | null {
    if (this.count >= this.stopAt) this.onLimit();
    this.count++;
    if (!this.keep) return null;
    this.columns.openLayout(this.now(), layout, actor, messageId, correlationId, deliveryId);
    return this.columns;
  }

  /** Called when a run ends: gives back the room the columns kept for growth. */
  trim(): void {
    this.columns.trim();
  }

  /** Event `seq` as an object (the kept one when `events` was built, else a fresh one). */
  event(seq: number): TraceEvent {
    return this.built[seq] ?? this.columns.event(seq);
  }

  /** Events [from, to) as fresh objects, nothing kept. */
  slice(from: number, to = this.columns.length): TraceEvent[] {
    return this.columns.slice(from, to);
  }

  /** Every event as a fresh array of fresh objects, nothing kept (a whole-trace reader that runs once). */
  toArray(): TraceEvent[] {
    return this.columns.slice(0, this.columns.length);
  }

  /** Every event as an array: the kept one when `events` was built, else a fresh one (nothing kept). */
  array(): TraceEvent[] {
    return this.built.length > 0 ? (this.events as TraceEvent[]) : this.toArray();
  }

  /**
   * Every event as objects, kept from now on and extended as the run goes on: for views that
   * index the trace as an array. Memory then is what the objects cost; hot paths use the rest.
   */
  get events(): readonly TraceEvent[] {
    const built = this.built;
    for (let i = built.length; i < this.columns.length; i++) built.push(this.columns.event(i));
    return built;
  }
}
