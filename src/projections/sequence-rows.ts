// The diagram's rows as columns: a run of 2,000,000 events draws about 800,000 rows, and an
// object per row (with its own copies of labels and ids) was a large part of what a tab kept per
// event. Each row is a few numbers in growing typed arrays — seq, tick, kind, its lifelines by
// index, tone, line and head — and its texts (label, detail, note text, message id) are codes
// into a table that keeps each distinct string once. `rows` is a read-only array that builds a
// row object when it is read (the rows built last are kept, so a row in view stays the same
// object from one read to the next); x and y come from the lifelines and the row index.

import { TONES, type Arrow, type Lifeline, type Note, type Row, type Tone } from './sequence-layout-types';
import { lazyArray } from '../engine/trace/lazy-array';

const ARROW_KINDS: readonly Arrow['kind'][] = ['message.published', 'message.routed', 'message.delivered', 'message.dead-lettered', 'message.redriven', 'call.started', 'call.completed', 'call.failed', 'replica.fetched', 'produce.acknowledged'];
const LINES: readonly Arrow['line'][] = ['solid', 'dashed'];
const HEADS: readonly Arrow['head'][] = ['arrow', 'open', 'cross'];
/** Kind code 0 is a note; arrows are 1 + their index in ARROW_KINDS. */
const NOTE = 0;
const NONE = -1;
/** Rows kept built at once; past this the cache starts over. */
const BUILT_ROWS_MAX = 4096;

export class RowColumns {
  #length = 0;
  #seq = new Int32Array(256);
  #tick = new Float64Array(256);
  #kind = new Uint8Array(256);
  /** Arrow: from; note: its lifeline (indices into `lifelines`). */
  #from = new Uint16Array(256);
  #to = new Uint16Array(256);
  /** Arrow: label; note: text. */
  #label = new Int32Array(256);
  #detail = new Int32Array(256);
  #message = new Int32Array(256);
  /** tone | line << 4 | head << 5 */
  #style = new Uint8Array(256);
  readonly #strings: string[] = [];
  readonly #codes = new Map<string, number>();
  #built = new Map<number, Row>();
  /** The rows as a read-only array, built when read. */
  readonly rows: Row[];

  constructor(private readonly lifelines: readonly Lifeline[], private readonly lifelineIndex: (name: string) => number, private readonly rowY: (row: number) => number) {
    this.rows = lazyRows(this);
  }

  get length(): number {
    return this.#length;
  }

  #code(s: string | undefined): number {
    if (s === undefined) return NONE;
    let code = this.#codes.get(s);
    if (code === undefined) {
      code = this.#strings.length;
      this.#strings.push(s);
      this.#codes.set(s, code);
    }
    return code;
  }

  #grow(): void {
    const size = this.#seq.length * 2;
    const grown = <T extends Int32Array | Float64Array | Uint8Array | Uint16Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(size);
      b.set(a);
      return b;
    };
    this.#seq = grown(this.#seq, Int32Array);
    this.#tick = grown(this.#tick, Float64Array);
    this.#kind = grown(this.#kind, Uint8Array);
    this.#from = grown(this.#from, Uint16Array);
    this.#to = grown(this.#to, Uint16Array);
    this.#label = grown(this.#label, Int32Array);
    this.#detail = grown(this.#detail, Int32Array);
    this.#message = grown(this.#message, Int32Array);
    this.#style = grown(this.#style, Uint8Array);
  }

  /** Appends a row (its `row`, `y` and x are implied by its index and lifelines). */
  push(row: Row): void {
    if (this.#length === this.#seq.length) this.#grow();
    const i = this.#length++;
    this.#seq[i] = row.seq;
    this.#tick[i] = row.tick;
    this.#message[i] = this.#code(row.messageId);
    if (row.type === 'note') {
      this.#kind[i] = NOTE;
      this.#from[i] = this.lifelineIndex(row.lifeline);
      this.#label[i] = this.#code(row.text);
      this.#detail[i] = NONE;
      this.#style[i] = TONES.indexOf(row.tone);
    } else {
      this.#kind[i] = 1 + ARROW_KINDS.indexOf(row.kind);
      this.#from[i] = this.lifelineIndex(row.from);
      this.#to[i] = this.lifelineIndex(row.to);
      this.#label[i] = this.#code(row.label);
      this.#detail[i] = this.#code(row.detail);
      this.#style[i] = TONES.indexOf(row.tone) | (LINES.indexOf(row.line) << 4) | (HEADS.indexOf(row.head) << 5);
    }
  }

  /** Moves arrow i's head to another lifeline (a delivery whose consumer named its service later). */
  setTo(i: number, lifeline: string): void {
    this.#to[i] = this.lifelineIndex(lifeline);
    this.#built.delete(i);
  }

  seqAt(i: number): number {
    return this.#seq[i]!;
  }

  /** Row i's tick, read without building the row. */
  tickAt(i: number): number {
    return this.#tick[i]!;
  }

  /** Whether row i is the delivery arrow of message `messageId`. */
  isDeliveryOf(i: number, messageId: string | undefined): boolean {
    if (i < 0 || i >= this.#length) return false;
    const message = this.#message[i]!;
    return this.#kind[i] === 1 + ARROW_KINDS.indexOf('message.delivered') && (message === NONE ? undefined : this.#strings[message]) === messageId;
  }

  /** Row i as an object (the same object while it stays among the rows built last). */
  at(i: number): Row {
    let row = this.#built.get(i);
    if (row === undefined) {
      if (this.#built.size >= BUILT_ROWS_MAX) this.#built = new Map();
      row = this.#build(i);
      this.#built.set(i, row);
    }
    return row;
  }

  #build(i: number): Row {
    const text = (code: number) => this.#strings[code]!;
    const style = this.#style[i]!;
    const tone = TONES[style & 15] as Tone;
    const message = this.#message[i]!;
    const from = this.lifelines[this.#from[i]!]!;
    if (this.#kind[i] === NOTE) {
      const note: Note = { type: 'note', seq: this.#seq[i]!, tick: this.#tick[i]!, lifeline: from.name, text: text(this.#label[i]!), tone, row: i, y: this.rowY(i), x: from.x };
      if (message !== NONE) note.messageId = text(message);
      return note;
    }
    const to = this.lifelines[this.#to[i]!]!;
    const arrow: Arrow = {
      type: 'arrow', seq: this.#seq[i]!, tick: this.#tick[i]!, kind: ARROW_KINDS[this.#kind[i]! - 1]!, from: from.name, to: to.name,
      label: text(this.#label[i]!), line: LINES[(style >> 4) & 1]!, head: HEADS[(style >> 5) & 3]!, tone, row: i, y: this.rowY(i), fromX: from.x, toX: to.x,
    };
    if (this.#detail[i] !== NONE) arrow.detail = text(this.#detail[i]!);
    if (message !== NONE) arrow.messageId = text(message);
    return arrow;
  }
}

/** A read-only array over the columns: a row object is built when it is read. */
function lazyRows(columns: RowColumns): Row[] {
  return lazyArray(() => columns.length, (i) => columns.at(i));
}

/** Number of rows whose event lies before trace position `position` (rows are in seq order). */
export function rowsBefore(rows: readonly Row[], position: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.seq < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
