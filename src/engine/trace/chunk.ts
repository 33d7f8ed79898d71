// The compact trace in pieces: how a run's columns travel from the worker to the page. A chunk
// holds events [from, from + count) as slices of the columns (typed arrays, sent as transferable
// buffers: no object per event is cloned), the payload bytes they point into, and whatever the
// run's tables gained since the previous chunk (interned strings, counter prefixes, event
// shapes, payload object shapes, text templates, values kept by reference). The receiver
// appends chunks in order to its own TraceColumns, a replica with the same codes and byte
// offsets, so `event(i)` there builds the same object — the same JSON and hash — as here.

import type { TraceKind } from './types';
import { TraceColumns, STRING_FIELDS } from './columns';

/** How far each of a run's append-only tables had been sent, and where the next chunk starts. */
export interface ChunkBase {
  strings: number;
  prefixes: number;
  shapes: number;
  kinds: number;
  payloadShapes: number;
  templates: number;
  raw: number;
}

export interface TraceChunk {
  /** Events [from, from + count). */
  from: number;
  count: number;
  ticks: Uint32Array | Float64Array;
  shapeIds: Uint16Array;
  /** One array per STRING_FIELDS entry. */
  strings: Uint32Array[];
  /** Absolute offsets into the run's payload store. */
  offsets: Uint32Array;
  /** Payload bytes [payloadFrom, payloadFrom + payload.length). */
  payloadFrom: number;
  payload: Uint8Array;
  /** The tables' sizes before this chunk's additions. */
  base: ChunkBase;
  added: {
    strings: string[];
    prefixes: string[];
    shapes: { kind: TraceKind; kindId: number; fields: { key: string; column: number }[] }[];
    kinds: TraceKind[];
    payloadShapes: string[][];
    templates: string[][];
    raw: unknown[];
  };
}

function sizesOf(columns: TraceColumns): ChunkBase {
  return {
    strings: columns.table.strings.length,
    prefixes: columns.table.prefixes.length,
    shapes: columns.shapes.length,
    kinds: columns.kinds.length,
    payloadShapes: columns.payload.shapes.length,
    templates: columns.payload.templates.length,
    raw: columns.payload.raw.length,
  };
}

/** Cuts a run's columns into chunks, in order, each carrying what the tables gained since the last. */
export class TraceChunker {
  /** What the receiver has: at first, what fresh columns start with (the table's unused string 0). */
  private sent: ChunkBase = sizesOf(new TraceColumns());
  /** Events sent so far: the next chunk starts here. */
  position = 0;

  constructor(private readonly columns: TraceColumns) {}

  /** Events [position, to) as a chunk (fresh buffers, safe to transfer). */
  next(to: number): TraceChunk {
    const c = this.columns;
    const from = this.position;
    const end = Math.min(to, c.length);
    if (end < from) throw new Error(`trace chunk: ${end} is before ${from}`);
    const payloadFrom = from < c.length ? c.offsetOf(from) : c.payload.size;
    const payloadTo = end < c.length ? c.offsetOf(end) : c.payload.size;
    const base = this.sent;
    const now = sizesOf(c);
    const { ticks, shapeIds, strings, offsets } = c.sliceColumns(from, end);
    const chunk: TraceChunk = {
      from,
      count: end - from,
      ticks,
      shapeIds,
      strings,
      offsets,
      payloadFrom,
      payload: c.payload.slice(payloadFrom, payloadTo),
      base,
      added: {
        strings: c.table.strings.slice(base.strings),
        prefixes: c.table.prefixes.slice(base.prefixes),
        shapes: c.shapes.slice(base.shapes).map((s) => ({ kind: s.kind, kindId: s.kindId, fields: s.fields.map((f) => ({ key: f.key, column: f.column })) })),
        kinds: c.kinds.slice(base.kinds),
        payloadShapes: c.payload.shapes.slice(base.payloadShapes),
        templates: c.payload.templates.slice(base.templates).map((parts) => [...parts]),
        raw: c.payload.raw.slice(base.raw),
      },
    };
    this.sent = now;
    this.position = end;
    return chunk;
  }
}

/** The buffers of a chunk, for a transfer list (postMessage moves them instead of copying). */
export function chunkBuffers(chunk: TraceChunk): ArrayBuffer[] {
  const typed = [chunk.ticks, chunk.shapeIds, chunk.offsets, chunk.payload, ...chunk.strings];
  return typed.map((a) => a.buffer as ArrayBuffer);
}

/**
 * Appends a chunk to a replica (columns that only ever receive chunks). Chunks must come in
 * order, with nothing missing: a gap or an overlap is an error, not a silently wrong trace.
 */
export function appendChunk(columns: TraceColumns, chunk: TraceChunk): void {
  if (chunk.from !== columns.length) throw new Error(`trace chunk starts at ${chunk.from}, expected ${columns.length}`);
  if (chunk.payloadFrom !== columns.payload.size) throw new Error(`trace chunk's payload starts at ${chunk.payloadFrom}, expected ${columns.payload.size}`);
  const have = sizesOf(columns);
  for (const key of Object.keys(have) as (keyof ChunkBase)[]) {
    if (chunk.base[key] !== have[key]) throw new Error(`trace chunk: ${key} from ${chunk.base[key]}, expected ${have[key]}`);
  }
  const a = chunk.added;
  for (const s of a.strings) columns.table.strings.push(s);
  for (const p of a.prefixes) columns.table.prefixes.push(p);
  for (const k of a.kinds) columns.kinds.push(k);
  for (const s of a.shapes) columns.shapes.push({ id: columns.shapes.length, kind: s.kind, kindId: s.kindId, fields: s.fields });
  for (const s of a.payloadShapes) columns.payload.shapes.push(s);
  for (const t of a.templates) columns.payload.templates.push(t);
  for (const r of a.raw) columns.payload.raw.push(r);

  const from = chunk.from;
  const count = chunk.count;
  columns.reserve(from + count, chunk.ticks instanceof Float64Array);
  if (chunk.strings.length !== STRING_FIELDS.length) throw new Error(`trace chunk: ${chunk.strings.length} string columns, expected ${STRING_FIELDS.length}`);
  columns.setColumns(from, chunk.ticks, chunk.shapeIds, chunk.strings, chunk.offsets);
  columns.payload.append(chunk.payload);
  columns.length = from + count;
}
