// The world at the cursor: the engine's fold (entity depths, services up/running, databases)
// evaluated at any trace position, forwards or backwards, fast. The fold runs once over the
// trace as it arrives and keeps a checkpoint every CHECKPOINT_EVENTS events; a seek restores
// the nearest checkpoint at or before the target and applies the few events after it, and a
// step forward applies one event to the state already at hand.
//
// A checkpoint costs what changed since the one before, not what the run holds: the parts of
// a state that grow with a run (each database table, the per-message bookkeeping) are trees
// whose copies share their nodes until one side writes (engine/state/fold.ts, `cloneState`),
// and the fold writes only to its own copy. A run's writes keep coming back to the same few
// nodes (the newest rows, the messages in flight), so copies taken further apart share more:
// only every DB_SNAPSHOT_EVERY-th checkpoint copies the databases, and restoring one of the
// others copies the nearest one that did and replays the `db.committed` writes between the
// two (a few hundred writes, no other events).
//
// The fold reads the trace through `FoldSource`: a streamed run's compact columns
// (`TraceColumns.foldView`: one reused view whose messageId and data are read from the columns
// only when the fold asks, no event built; a restore reads only the kinds, and the data of the
// db.committed events it replays), or, for literal traces, an array.

import type { TraceEvent, TraceKind } from '../engine/trace/types';
import { applyCommit, applyEvent, cloneDatabase, cloneState, emptyState, type RunState } from '../engine/state/fold';

export const CHECKPOINT_EVENTS = 1024;
/** Every this-many checkpoints, one holds the databases (shared with the run's other copies). */
export const DB_SNAPSHOT_EVERY = 8;

/** What the fold reads: the trace's length, event i's kind, and event i as the fold reads it (read it, don't keep it). */
export interface FoldSource {
  readonly length: number;
  kindOf(i: number): TraceKind;
  foldView(i: number): TraceEvent;
}

/** An array of events as a FoldSource. */
function arraySource(trace: readonly TraceEvent[]): FoldSource {
  return { get length() { return trace.length; }, kindOf: (i) => trace[i]!.kind, foldView: (i) => trace[i]! };
}

export class TraceStates {
  /** Checkpoint i is the state after i × every events; only snapshot ones carry databases. Never written to. */
  private readonly checkpoints: RunState[] = [emptyState()];
  private readonly tail: RunState = emptyState();
  private current: RunState = emptyState();
  private readonly trace: FoldSource;

  constructor(
    trace: readonly TraceEvent[] | FoldSource,
    private readonly every = CHECKPOINT_EVENTS,
    private readonly dbEvery = DB_SNAPSHOT_EVERY,
  ) {
    this.trace = Array.isArray(trace) ? arraySource(trace as readonly TraceEvent[]) : (trace as FoldSource);
  }

  /** Folds events the trace gained since the last call, saving checkpoints on the way. */
  extend(): void {
    const trace = this.trace;
    for (let i = this.tail.position; i < trace.length; i++) {
      applyEvent(this.tail, trace.foldView(i));
      if (this.tail.position % this.every === 0) {
        const index = this.tail.position / this.every;
        this.checkpoints.push(cloneState(this.tail, index % this.dbEvery === 0));
      }
    }
  }

  /** A fresh, independent state equal to checkpoint `index`. */
  private restore(index: number): RunState {
    const snapshot = index - (index % this.dbEvery);
    if (snapshot === index) return cloneState(this.checkpoints[index]!);
    const state = cloneState(this.checkpoints[index]!, false);
    const withDb = this.checkpoints[snapshot]!;
    for (const name in state.services) {
      const db = withDb.services[name]?.db;
      if (db) state.services[name]!.db = cloneDatabase(db);
    }
    for (let i = withDb.position; i < state.position; i++) {
      if (this.trace.kindOf(i) !== 'db.committed') continue;
      const e = this.trace.foldView(i);
      if (e.kind === 'db.committed') applyCommit(state, e.data.service, e.data.writes);
    }
    return state;
  }

  /** The state after the first `position` events (clamped). The returned object is reused: read, don't keep. */
  at(position: number): RunState {
    this.extend();
    const target = Math.max(0, Math.min(position, this.trace.length));
    const index = Math.min(Math.floor(target / this.every), this.checkpoints.length - 1);
    let base = this.current;
    // Moving forward a little (a step, playing): applying events beats restoring a checkpoint.
    const near = base.position <= target && target - base.position <= this.every;
    if (!near && (base.position > target || this.checkpoints[index]!.position > base.position)) base = this.restore(index);
    for (let i = base.position; i < target; i++) applyEvent(base, this.trace.foldView(i));
    this.current = base;
    return base;
  }
}
