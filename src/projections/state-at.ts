// The world at the cursor: the engine's fold (entity depths, services up/running, databases)
// evaluated at any trace position, forwards or backwards, fast. The fold runs once over the
// trace as it arrives and keeps a checkpoint every CHECKPOINT_EVENTS events; a seek restores
// the nearest checkpoint at or before the target and applies the few events after it, and a
// step forward applies one event to the state already at hand.
//
// Checkpoints are cheap: databases grow with the run (thousands of rows) while everything else
// stays small, so only every DB_SNAPSHOT_EVERY-th checkpoint copies the databases; the others
// share them and keep only their small part. Restoring one copies the nearest database snapshot
// and replays the `db.committed` writes between the two (a few hundred writes, no other
// events). So appending a batch never copies every table ten times over, and the page holds
// an eighth of the copies.
//
// The fold reads the trace through `FoldSource`: a streamed run's compact columns
// (`TraceColumns.foldView`: one reused view whose messageId and data are read from the columns
// only when the fold asks, no event built; a restore reads only the kinds, and the data of the
// db.committed events it replays), or, for literal traces, an array.

import type { TraceEvent, TraceKind } from '../engine/trace/types';
import { applyEvent, cloneKafka, cloneState, emptyState, type RunState } from '../engine/state/fold';

export const CHECKPOINT_EVENTS = 1024;
/** Every this-many checkpoints, one holds a full copy of the databases. */
export const DB_SNAPSHOT_EVERY = 8;

/** A copy of everything but the databases (each service's `db` is left empty). */
function cloneWithoutDatabases(s: RunState): RunState {
  const entities: RunState['entities'] = {};
  for (const name in s.entities) entities[name] = { ...s.entities[name]! };
  const services: RunState['services'] = {};
  for (const name in s.services) services[name] = { up: s.services[name]!.up, running: s.services[name]!.running, db: {} };
  const out: RunState = { position: s.position, tick: s.tick, entities, services, counts: { ...s.counts }, copies: new Map(s.copies) };
  if (s.kafka) out.kafka = cloneKafka(s.kafka);
  return out;
}

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
  /** Checkpoint i is the state after i × every events; only snapshot ones carry databases. */
  private readonly checkpoints: RunState[] = [emptyState()];
  private tail: RunState = emptyState();
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
        this.checkpoints.push(index % this.dbEvery === 0 ? cloneState(this.tail) : cloneWithoutDatabases(this.tail));
      }
    }
  }

  /** A fresh, independent state equal to checkpoint `index`. */
  private restore(index: number): RunState {
    const snapshot = index - (index % this.dbEvery);
    if (snapshot === index) return cloneState(this.checkpoints[index]!);
    const state = cloneWithoutDatabases(this.checkpoints[index]!);
    const withDb = cloneState(this.checkpoints[snapshot]!);
    for (const name in state.services) state.services[name]!.db = withDb.services[name]?.db ?? {};
    for (let i = withDb.position; i < state.position; i++) {
      if (this.trace.kindOf(i) !== 'db.committed') continue;
      const e = this.trace.foldView(i);
      if (e.kind !== 'db.committed') continue;
      const db = state.services[e.data.service]!.db;
      for (const w of e.data.writes) {
        if (w.value === null) delete db[w.table]?.[w.key];
        else (db[w.table] ??= {})[w.key] = w.value;
      }
    }
    return state;
  }

  /** The state after the first `position` events (clamped). The returned object is reused: read, don't keep. */
  at(position: number): RunState {
    this.extend();
    const target = Math.max(0, Math.min(position, this.trace.length));
    const index = Math.min(Math.floor(target / this.every), this.checkpoints.length - 1);
    const checkpointPosition = this.checkpoints[index]!.position;
    let base = this.current;
    // Moving forward a little: applying events beats restoring a checkpoint (databases can be large).
    const near = base.position <= target && target - base.position <= this.every * 2;
    if (!near && (base.position > target || checkpointPosition > base.position)) base = this.restore(index);
    for (let i = base.position; i < target; i++) applyEvent(base, this.trace.foldView(i));
    this.current = base;
    return base;
  }
}
