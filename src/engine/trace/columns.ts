// The columnar trace: a run's events kept as columns instead of one object per event. Each fixed
// field is a typed array indexed by seq (the seq itself is the index): tick, the event's shape
// (its kind and the order of its keys), actor, messageId, correlationId and deliveryId as
// string codes (strings.ts), and where its payload starts in the side store (payload.ts).
// causationId and text, absent from most events, live in the payload store with `data` (a
// text built lazily, TraceText, as its template and values). The columns are kept in pages of
// PAGE_SIZE events (pages.ts: the first page grows by doubling, later pages are made whole, so a
// long run never copies what it wrote — a run of a million events copied and page-faulted its
// columns about three times over, growing and trimming). An event costs tens of bytes instead
// of hundreds, and the garbage collector sees a few large arrays instead of millions of small objects.
//
// `event(i)` builds the TraceEvent object on demand: same keys in the same order, equal values,
// so its JSON — and the trace hash — is byte-identical to the object the recorder used to keep.
// Hot readers (fold, the worker's stream) read the columns without building events at all.

import type { TraceEvent, TraceInput, TraceKind } from './types';
import { ABSENT, StringTable } from './strings';
import { OBJECT, PayloadStore, setKey } from './payload';
import { PayloadReader } from './payload-reader';
import { FoldView } from './fold-view';
import type { TraceLayout } from './layouts';
import { newPage, pagesBytes, PAGE_BITS, PAGE_MASK, PAGE_SIZE, resizedPage, slicePages, writePages, type Page } from './pages';

/** The string columns, in this order (pages.ts: STRING_COLUMNS of them); an event key of that name is kept there when it is a string. */
export const STRING_FIELDS = ['actor', 'messageId', 'correlationId', 'deliveryId'] as const;
export type StringField = (typeof STRING_FIELDS)[number];
export const ACTOR = 0;
export const MESSAGE = 1;
export const CORRELATION = 2;
export const DELIVERY = 3;

/** Where a key of an event is kept: a string column, or the payload (-1). */
interface ShapeField {
  key: string;
  column: number;
}

/** An event shape: its kind and its keys after seq, tick, kind in order (actor first). */
export interface EventShape {
  id: number;
  kind: TraceKind;
  fields: ShapeField[];
  /** Its kind's number (kinds in order of first appearance), for per-kind tallies. */
  kindId: number;
}

export interface ShapeNode {
  shape: EventShape;
  next: Map<string, ShapeNode>;
  /** The last step taken from here (runs repeat their shapes: most steps skip the Map). */
  lastToken: string;
  lastNext: ShapeNode | null;
}

const SHAPES_MAX = 0xffff;
const NONE = {}; // what no string column's value is
const INITIAL = 1 << 10;
export { PAGE_BITS, PAGE_SIZE } from './pages';

function columnOf(key: string): number {
  switch (key) {
    case 'messageId':
      return MESSAGE;
    case 'correlationId':
      return CORRELATION;
    case 'deliveryId':
      return DELIVERY;
    default:
      return -1;
  }
}

export class TraceColumns {
  length = 0;
  /**
   * The pages (see the opening comment). Per event: virtual time (whole ticks below 2^32, the
   * ceiling is far below, else every page's ticks are widened to Float64), its shape number, its
   * string codes, and the byte offset of its payload in `payload`.
   */
  private pages: Page[] = [newPage(INITIAL, false)];
  /** The last page: the one `begin` writes into. */
  private page: Page = this.pages[0];
  /** Ticks are Float64 (some tick did not fit 32 bits, or a replica's sender widened its ticks). */
  wideTicks = false;
  readonly table = new StringTable();
  readonly payload = new PayloadStore(this.table);
  /** Reads the payload store (one read position: reads do not nest across events). */
  readonly reader = new PayloadReader(this.payload);
  readonly shapes: EventShape[] = [];
  /** Kinds by number, in order of first appearance. */
  readonly kinds: TraceKind[] = [];
  private readonly roots = new Map<string, ShapeNode>();
  /** The index an append is writing (-1 between appends): see `append`. */
  private partial = -1;
  /** Per string column, its last string (NONE before the first) and code. */
  private readonly lastStrings: unknown[] = STRING_FIELDS.map(() => NONE);
  private readonly lastCodes: number[] = STRING_FIELDS.map(() => 0);

  /** Events the pages have room for (kept up to date by `grow` and `trim`). */
  private room = INITIAL;
  get capacity(): number {
    return this.room;
  }

  /** Room for one more page's worth: the last page doubled (up to PAGE_SIZE) or a new whole page. */
  private grow(): void {
    const last = this.pages.length - 1;
    const size = this.page.offsets.length;
    if (size < PAGE_SIZE) this.page = this.pages[last] = resizedPage(this.page, Math.min(PAGE_SIZE, size * 2), this.length - last * PAGE_SIZE, this.wideTicks);
    else this.pages.push((this.page = newPage(PAGE_SIZE, this.wideTicks)));
    this.room = (this.pages.length - 1) * PAGE_SIZE + this.page.offsets.length;
  }

  /** Every page's ticks as Float64 from now on. */
  private widen(): void {
    this.wideTicks = true;
    for (const page of this.pages) page.ticks = Float64Array.from(page.ticks);
  }

  /**
   * Room for `size` events, and Float64 ticks when `wide` (a replica receiving chunks, chunk.ts:
   * the sender widened its ticks).
   */
  reserve(size: number, wide: boolean): void {
    if (wide && !this.wideTicks) this.widen();
    while (this.capacity < size) this.grow();
  }

  /** Gives back the room a finished run does not need (appending afterwards grows it again). */
  trim(): void {
    const last = this.pages.length - 1;
    const used = this.length - last * PAGE_SIZE;
    if (this.page.offsets.length > used + 64) this.page = this.pages[last] = resizedPage(this.page, Math.max(used, 1), used, this.wideTicks);
    this.room = last * PAGE_SIZE + this.page.offsets.length;
    this.payload.trim();
  }

  private rootOf(kind: TraceKind): ShapeNode {
    let root = this.roots.get(kind);
    if (!root) {
      let kindId = this.kinds.indexOf(kind);
      if (kindId < 0) kindId = this.kinds.push(kind) - 1;
      root = { shape: { id: -1, kind, fields: [], kindId }, next: new Map(), lastToken: '', lastNext: null };
      this.roots.set(kind, root);
    }
    return root;
  }

  private step(node: ShapeNode, key: string, column: number): ShapeNode {
    // a fixed field kept in the payload (not a string) is another step than the same key in its column
    const token = column < 0 && columnOf(key) >= 0 ? `\u0001${key}` : key;
    if (node.lastToken === token && node.lastNext) return node.lastNext;
    let next = node.next.get(token);
    if (!next) {
      const shape = { id: -1, kind: node.shape.kind, fields: [...node.shape.fields, { key, column }], kindId: node.shape.kindId };
      node.next.set(token, (next = { shape, next: new Map(), lastToken: '', lastNext: null }));
    }
    node.lastToken = token;
    node.lastNext = next;
    return next;
  }

  /** Appends event `length` (its seq) at `tick`. */
  append<K extends TraceKind>(tick: number, input: TraceInput<K>): void {
    const seq = this.begin(tick);
    const i = seq & PAGE_MASK;
    const strings = this.page.strings;
    const payload = this.payload;
    let node = this.rootOf(input.kind);
    const actor: unknown = input.actor;
    if (typeof actor === 'string') {
      node = this.step(node, 'actor', ACTOR);
      strings[ACTOR][i] = this.code(ACTOR, actor);
    } else if (actor === undefined) node = this.step(node, 'actor', ACTOR);
    else {
      node = this.step(node, 'actor', -1);
      payload.value(actor);
    }
    const fields = input as unknown as Record<string, unknown>;
    for (const key in fields) {
      if (key === 'kind' || key === 'actor') continue;
      const value = fields[key];
      const column = columnOf(key);
      if (column >= 0 && (typeof value === 'string' || value === undefined)) {
        node = this.step(node, key, column);
        if (value !== undefined) strings[column][i] = this.code(column, value);
      } else {
        node = this.step(node, key, -1);
        payload.value(value);
      }
    }
    this.end(seq, node);
  }

  /** Index `length` made ready for writing at `tick` (see `append`). */
  private begin(tick: number): number {
    const i = this.length;
    if (i >= this.room) this.grow();
    const page = this.page;
    const at = i & PAGE_MASK;
    // Columns start zeroed (ABSENT) and each index is written once; only an append that threw
    // half-way leaves codes behind, cleared here before the index is written again.
    if (this.partial === i) for (let c = 0; c < page.strings.length; c++) page.strings[c][at] = ABSENT;
    this.partial = i;
    if (tick >>> 0 !== tick && !this.wideTicks) this.widen();
    page.ticks[at] = tick;
    page.offsets[at] = this.payload.startEvent();
    return i;
  }

  /** Event i ends with the shape `node` stands for. */
  private end(i: number, node: ShapeNode): void {
    const shape = node.shape;
    if (shape.id < 0) this.number(shape);
    this.page.shapeIds[i & PAGE_MASK] = shape.id;
    this.partial = -1;
    this.length = i + 1;
  }

  /** Gives a shape seen for the first time its number. */
  private number(shape: EventShape): void {
    if (this.shapes.length >= SHAPES_MAX) throw new Error(`trace: more than ${SHAPES_MAX} event shapes`);
    shape.id = this.shapes.push(shape) - 1;
  }

  /**
   * Opens event `length` at `tick` with the keys of `layout` (see TraceLayout), its string
   * columns written now (each a string, or undefined for absent; a column the layout lacks must
   * be undefined). The writer then writes the layout's payload keys' values in order into
   * `payload`, and closes it.
   */
  openLayout(tick: number, layout: TraceLayout, actor: string | undefined, messageId: string | undefined, correlationId: string | undefined, deliveryId: string | undefined): void {
    const i = this.begin(tick);
    if (layout.columns !== this) this.resolve(layout);
    const node = layout.node!;
    const at = i & PAGE_MASK;
    const page = this.page;
    const shape = node.shape;
    if (shape.id < 0) this.number(shape);
    page.shapeIds[at] = shape.id;
    const strings = page.strings;
    if (actor !== undefined) {
      if (actor !== layout.actor) {
        layout.actorCode = this.code(ACTOR, actor);
        layout.actor = actor;
      }
      strings[ACTOR][at] = layout.actorCode;
    }
    // the same id as the last event's in its column (a message's events follow each other): its code again
    const last = this.lastStrings;
    if (messageId !== undefined) strings[MESSAGE][at] = messageId === last[MESSAGE] ? this.lastCodes[MESSAGE] : this.newCode(MESSAGE, messageId);
    if (correlationId !== undefined) strings[CORRELATION][at] = correlationId === last[CORRELATION] ? this.lastCodes[CORRELATION] : this.newCode(CORRELATION, correlationId);
    if (deliveryId !== undefined) strings[DELIVERY][at] = deliveryId === last[DELIVERY] ? this.lastCodes[DELIVERY] : this.newCode(DELIVERY, deliveryId);
  }

  /** The shape of `layout`'s keys in these columns, found step by step as `append` would. */
  private resolve(layout: TraceLayout): void {
    let node = this.rootOf(layout.kind);
    for (const key of layout.keys) node = this.step(node, key, key === 'actor' ? ACTOR : columnOf(key));
    layout.node = node;
    layout.columns = this;
    layout.actor = null;
  }

  /** Ends the event `openLayout` opened (its shape is written already). */
  close(): void {
    this.partial = -1;
    this.length++;
  }

  /**
   * The code of string `s` in column `column`; the column's last string is remembered (ids repeat
   * in runs). Actors (services, entities: a few names) are interned without looking for a counter.
   */
  private code(column: number, s: string): number {
    return this.lastStrings[column] === s ? this.lastCodes[column] : this.newCode(column, s);
  }

  /** `code` for a string other than the column's last one. */
  private newCode(column: number, s: string): number {
    if (typeof s !== 'string') throw new TypeError(`trace: ${STRING_FIELDS[column]} must be a string, got ${typeof s}`);
    const code = column === ACTOR ? this.table.intern(s) : this.table.storedCode(s); // signed: stored unsigned
    this.lastStrings[column] = s;
    this.lastCodes[column] = code;
    return code;
  }

  kindOf(i: number): TraceKind {
    return this.shapes[this.pages[i >>> PAGE_BITS].shapeIds[i & PAGE_MASK]].kind;
  }

  /** String field `column` of event i (undefined when absent). */
  stringOf(i: number, column: number): string | undefined {
    return this.table.text(this.pages[i >>> PAGE_BITS].strings[column][i & PAGE_MASK]);
  }

  /** The string code of field `column` of event i (strings.ts: `table.text(code)` is its string). */
  codeOf(i: number, column: number): number {
    return this.pages[i >>> PAGE_BITS].strings[column][i & PAGE_MASK];
  }

  /** Where event i's payload starts in `payload`. */
  offsetOf(i: number): number {
    return this.pages[i >>> PAGE_BITS].offsets[i & PAGE_MASK];
  }

  /** Event i as a TraceEvent object, built now (see the opening comment). */
  event(i: number): TraceEvent {
    const page = this.pages[i >>> PAGE_BITS];
    const at = i & PAGE_MASK;
    const shape = this.shapes[page.shapeIds[at]];
    const payload = this.reader;
    payload.seek(page.offsets[at]);
    const e: Record<string, unknown> = { seq: i, tick: page.ticks[at], kind: shape.kind, actor: undefined };
    const fields = shape.fields;
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f];
      setKey(e, field.key, field.column >= 0 ? this.table.text(page.strings[field.column][at]) : payload.read());
    }
    return e as unknown as TraceEvent;
  }

  /**
   * Event i as the fold reads it (state/fold.ts: seq, tick, kind, messageId, data): one view
   * pointed at i, its messageId and data read only when the fold asks (fold-view.ts). Read it
   * before the next call, don't keep it.
   */
  foldView(i: number): TraceEvent {
    return (this.fold ??= new FoldView(this, MESSAGE)).at(i) as unknown as TraceEvent;
  }

  private fold: FoldView | undefined;

  tickOf(i: number): number {
    return this.pages[i >>> PAGE_BITS].ticks[i & PAGE_MASK];
  }

  /** The payload value of key `key` of event i (its `data`, usually), or undefined. */
  payloadOf(i: number, key = 'data'): unknown {
    return this.seekPayload(i, key) ? this.reader.read() : undefined;
  }

  /**
   * The keys of the object in payload field `field` of event i (its `data`), when it was written
   * from its parts (payload-reader `readKey` reads one of them alone); undefined otherwise (no
   * such field, or a value kept whole).
   */
  payloadKeysOf(i: number, field: string): readonly string[] | undefined {
    if (!this.seekPayload(i, field)) return undefined;
    const payload = this.reader;
    if (payload.bytes[payload.pos] !== OBJECT) return undefined;
    payload.pos++;
    return this.payload.shapes[payload.readVarint()];
  }

  /** Key `key` of the object in payload field `field` of event i, built alone (nothing else of the event is). */
  payloadKeyOf(i: number, field: string, key: string): unknown {
    return this.seekPayload(i, field) ? this.reader.readKey(key) : undefined;
  }

  /** Moves the reader to payload field `field` of event i; false when the event has no such field. */
  private seekPayload(i: number, field: string): boolean {
    const page = this.pages[i >>> PAGE_BITS];
    const fields = this.shapes[page.shapeIds[i & PAGE_MASK]].fields;
    const payload = this.reader;
    payload.seek(page.offsets[i & PAGE_MASK]);
    for (let f = 0; f < fields.length; f++) {
      if (fields[f].column >= 0) continue;
      if (fields[f].key === field) return true;
      payload.skip();
    }
    return false;
  }

  /** Events [from, to) as objects. */
  slice(from: number, to: number): TraceEvent[] {
    const end = Math.min(to, this.length);
    const out: TraceEvent[] = [];
    for (let i = Math.max(0, from); i < end; i++) out.push(this.event(i));
    return out;
  }

  /**
   * The columns of events [from, to) as fresh arrays (chunk.ts): ticks (Float64 when wide),
   * shape numbers, string codes (one array per STRING_FIELDS entry) and payload offsets.
   */
  sliceColumns(from: number, to: number): Page {
    return slicePages(this.pages, from, to, this.wideTicks);
  }

  /** Writes columns received for events [from, from + ticks.length) (a replica, chunk.ts); room must be reserved. */
  setColumns(from: number, ticks: Uint32Array | Float64Array, shapeIds: Uint16Array, strings: Uint32Array[], offsets: Uint32Array): void {
    writePages(this.pages, from, { ticks, shapeIds, strings, offsets });
  }

  /** Bytes the columns and the payload store hold (capacity, not only what is used). */
  get bytes(): number {
    return this.payload.byteLength + pagesBytes(this.pages);
  }
}
