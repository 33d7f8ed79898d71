// The finished trace as the checks read it. A long run's trace lives in columns (trace/columns.ts);
// building all of its 2,000,000 events as objects for the checks took seconds and hundreds of
// megabytes, while each check reads only a few kinds of event (no-loss: enqueues, acks and
// losses; db-predicate: commits) and, to explain a failure, the events of a few messages or flows.
// So a check asks for what it reads — `eventsOf(trace, kinds)`, `eventsWith(trace, field, value)`
// — and only those events are built, from indexes made once per trace in one pass over its
// columns (kinds by position; positions by message or correlation id, built when first asked).
// `columnarTrace(columns)` is the trace the summary hands the checks: an array whose events are
// built when read (a check that reads the whole array still works, at what it cost before),
// which these functions recognise. A plain array (tests, callers with events in hand) is read
// the same way, its indexes built from its objects.

import type { TraceEvent, TraceKind } from '../trace/types';
import { CORRELATION, MESSAGE, type TraceColumns } from '../trace/columns';
import { lazyArray } from '../trace/lazy-array';

/** An event of one of the kinds K, narrowed as `switch (e.kind)` narrows. */
export type EventOf<K extends TraceKind> = Extract<TraceEvent, { kind: K }>;
export type IdField = 'messageId' | 'correlationId';

/** Up to this many events, what is built is kept for the next reader (lesson runs); beyond, built and dropped. */
const KEEP_BUILT_MAX = 200_000;

interface Source {
  readonly length: number;
  /** The event at position i (for columns, its seq). */
  event(i: number): TraceEvent;
  /** Positions of the events of each kind, in order. */
  byKind(): Map<TraceKind, number[]>;
  /** Positions of the events whose `field` is `value`, in order. */
  with(field: IdField, value: string): readonly number[];
}

const NONE: readonly number[] = [];

class ColumnarSource implements Source {
  private kinds: Map<TraceKind, number[]> | null = null;
  private readonly ids = new Map<IdField, IdIndex>();
  private readonly built: (TraceEvent | undefined)[] = [];

  constructor(readonly columns: TraceColumns) {}

  get length(): number {
    return this.columns.length;
  }

  event(i: number): TraceEvent {
    const kept = this.built[i];
    if (kept !== undefined) return kept;
    const e = this.columns.event(i);
    if (this.columns.length <= KEEP_BUILT_MAX) this.built[i] = e;
    return e;
  }

  byKind(): Map<TraceKind, number[]> {
    if (this.kinds) return this.kinds;
    const kinds = new Map<TraceKind, number[]>();
    const columns = this.columns;
    let last: TraceKind | undefined;
    let list: number[] = [];
    for (let i = 0, n = columns.length; i < n; i++) {
      const kind = columns.kindOf(i);
      if (kind !== last) {
        last = kind;
        let l = kinds.get(kind);
        if (!l) kinds.set(kind, (l = []));
        list = l;
      }
      list.push(i);
    }
    return (this.kinds = kinds);
  }

  with(field: IdField, value: string): readonly number[] {
    let index = this.ids.get(field);
    if (!index) this.ids.set(field, (index = idIndex(this.columns, field === 'messageId' ? MESSAGE : CORRELATION)));
    const at = index.starts.get(value);
    if (at === undefined) return NONE;
    const { sorted, codes } = index;
    const code = codes[sorted[at]!]!;
    const out: number[] = [];
    for (let i = at; i < sorted.length && codes[sorted[i]!] === code; i++) out.push(sorted[i]!);
    return out;
  }
}

/** The events of a string column grouped by value: positions sorted by code (stably), and where each value's run starts. */
interface IdIndex {
  codes: Uint32Array;
  sorted: Int32Array;
  starts: Map<string, number>;
}

/**
 * One pass over the column's codes, a radix sort of the positions by code (two 16-bit passes,
 * stable: each value's positions stay in trace order) and one name per distinct code — no
 * array per value, no map keyed by codes (counter codes are above the small-integer range).
 */
function idIndex(columns: TraceColumns, column: number): IdIndex {
  const n = columns.length;
  const codes = new Uint32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) if ((codes[i] = columns.codeOf(i, column)) !== 0) count++;
  let from = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (codes[i] !== 0) from[k++] = i;
  let to = new Int32Array(count);
  const buckets = new Int32Array(1 << 16);
  for (const shift of [0, 16]) {
    buckets.fill(0);
    for (let k = 0; k < count; k++) buckets[(codes[from[k]!]! >>> shift) & 0xffff]!++;
    for (let b = 0, sum = 0; b < buckets.length; b++) {
      const c = buckets[b]!;
      buckets[b] = sum;
      sum += c;
    }
    for (let k = 0; k < count; k++) to[buckets[(codes[from[k]!]! >>> shift) & 0xffff]!++] = from[k]!;
    [from, to] = [to, from];
  }
  const starts = new Map<string, number>();
  const table = columns.table;
  for (let k = 0; k < count; k++) {
    const code = codes[from[k]!]!;
    if (k === 0 || code !== codes[from[k - 1]!]) starts.set(table.text(code)!, k);
  }
  return { codes, sorted: from, starts };
}

class ArraySource implements Source {
  private kinds: Map<TraceKind, number[]> | null = null;
  private readonly ids = new Map<IdField, Map<string, number[]>>();

  constructor(private readonly trace: readonly TraceEvent[]) {}

  get length(): number {
    return this.trace.length;
  }

  event(i: number): TraceEvent {
    return this.trace[i]!;
  }

  byKind(): Map<TraceKind, number[]> {
    if (this.kinds) return this.kinds;
    const kinds = new Map<TraceKind, number[]>();
    this.trace.forEach((e, i) => {
      const l = kinds.get(e.kind);
      if (l) l.push(i);
      else kinds.set(e.kind, [i]);
    });
    return (this.kinds = kinds);
  }

  with(field: IdField, value: string): readonly number[] {
    let index = this.ids.get(field);
    if (!index) {
      index = new Map();
      for (let i = 0; i < this.trace.length; i++) {
        const v = this.trace[i]![field];
        if (!v) continue;
        const l = index.get(v);
        if (l) l.push(i);
        else index.set(v, [i]);
      }
      this.ids.set(field, index);
    }
    return index.get(value) ?? NONE;
  }
}

const sources = new WeakMap<readonly TraceEvent[], Source>();

function sourceOf(trace: readonly TraceEvent[]): Source {
  let s = sources.get(trace);
  if (!s) sources.set(trace, (s = new ArraySource(trace)));
  return s;
}

/** The trace kept in `columns` as a read-only array whose events are built when read (see the opening comment). */
export function columnarTrace(columns: TraceColumns): readonly TraceEvent[] {
  const source = new ColumnarSource(columns);
  const trace: readonly TraceEvent[] = lazyArray(() => columns.length, (i) => source.event(i));
  sources.set(trace, source);
  return trace;
}

/** Positions of the events of `kinds`, in trace order. */
function positionsOf(source: Source, kinds: readonly TraceKind[]): readonly number[] {
  const byKind = source.byKind();
  const lists = kinds.map((k) => byKind.get(k)).filter((l): l is number[] => l !== undefined && l.length > 0);
  if (lists.length <= 1) return lists[0] ?? NONE;
  // a k-way merge of sorted lists (k is a handful)
  const out: number[] = [];
  const at = lists.map(() => 0);
  for (;;) {
    let best = -1;
    for (let l = 0; l < lists.length; l++) if (at[l]! < lists[l]!.length && (best < 0 || lists[l]![at[l]!]! < lists[best]![at[best]!]!)) best = l;
    if (best < 0) return out;
    out.push(lists[best]![at[best]!++]!);
  }
}

/** The events of `kinds`, in trace order (built now for a columnar trace). */
export function eventsOf<K extends TraceKind>(trace: readonly TraceEvent[], kinds: readonly K[]): EventOf<K>[] {
  const source = sourceOf(trace);
  const positions = positionsOf(source, kinds);
  const out = new Array<EventOf<K>>(positions.length);
  for (let i = 0; i < positions.length; i++) out[i] = source.event(positions[i]!) as EventOf<K>;
  return out;
}

/** The events of `kinds`, in trace order, one at a time: none is kept by the walk itself. */
export function* eachOf<K extends TraceKind>(trace: readonly TraceEvent[], kinds: readonly K[]): Generator<EventOf<K>> {
  const source = sourceOf(trace);
  const positions = positionsOf(source, kinds);
  for (let i = 0; i < positions.length; i++) yield source.event(positions[i]!) as EventOf<K>;
}

/** The last `n` events of `kinds` that `keep` accepts, in trace order (read from the end: a long trace's earlier events are not built). */
export function lastOf<K extends TraceKind>(trace: readonly TraceEvent[], kinds: readonly K[], n: number, keep: (e: EventOf<K>) => boolean): EventOf<K>[] {
  const source = sourceOf(trace);
  const positions = positionsOf(source, kinds);
  const out: EventOf<K>[] = [];
  for (let i = positions.length - 1; i >= 0 && out.length < n; i--) {
    const e = source.event(positions[i]!) as EventOf<K>;
    if (keep(e)) out.push(e);
  }
  return out.reverse();
}

/** How many events of `kind` the trace holds. */
export function countOf(trace: readonly TraceEvent[], kind: TraceKind): number {
  return sourceOf(trace).byKind().get(kind)?.length ?? 0;
}

/** The events whose `field` (messageId, correlationId) is `value`, in trace order. */
export function eventsWith(trace: readonly TraceEvent[], field: IdField, value: string): TraceEvent[] {
  const source = sourceOf(trace);
  return source.with(field, value).map((i) => source.event(i));
}

/** The events whose `field` is one of `values`, in trace order. */
export function eventsWithAny(trace: readonly TraceEvent[], field: IdField, values: Iterable<string>): TraceEvent[] {
  const source = sourceOf(trace);
  const positions: number[] = [];
  for (const v of values) for (const i of source.with(field, v)) positions.push(i);
  positions.sort((a, b) => a - b);
  return positions.filter((i, n) => n === 0 || positions[n - 1] !== i).map((i) => source.event(i));
}
