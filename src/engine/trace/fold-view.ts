// Event i of the compact trace as the fold reads it (state/fold.ts, checkpoints and seek): seq,
// tick and kind at hand, messageId and data read from the columns only when the fold asks for
// them — most kinds the fold counts without reading their data (a published message's body and
// headers, a log line, a run's start), and those are never decoded. Of a `data` object only the
// keys the fold reads are built, one at a time (a delivery's entity, not its explanation, its
// properties or its consumer): `data` is one reused view of the columns, like the event's; and a
// message id read again soon after is the string read before, not one built again.
// One object, pointed at each event in turn: read it, don't keep it, nor its `data` (a value
// read from `data` is a fresh value, kept freely).

import type { TraceKind } from './types';

/** What the view reads from: the columns (TraceColumns). */
export interface FoldColumns {
  kindOf(i: number): TraceKind;
  tickOf(i: number): number;
  stringOf(i: number, column: number): string | undefined;
  /** The code of string field `column` of event i (one string per code). */
  codeOf(i: number, column: number): number;
  payloadOf(i: number, key?: string): unknown;
  /** The keys of event i's `field` object when each can be read alone, else undefined. */
  payloadKeysOf(i: number, field: string): readonly string[] | undefined;
  payloadKeyOf(i: number, field: string, key: string): unknown;
}

/** A power of two. */
const IDS_KEPT = 1024;

export class FoldView {
  seq = 0;
  tick = 0;
  kind: TraceKind = 'run.started';
  private read = 0;
  private dataRead = false;
  private dataValue: unknown = undefined;
  /**
   * Message ids by string code, the newest few (IDS_KEPT slots): an id is a counter's text (`m-17`),
   * built when read, and a message comes back a few times within a short stretch (enqueued,
   * delivered, acked). Fixed arrays, no map: what the cache keeps is overwritten, never regrown.
   */
  private readonly idCodes = new Uint32Array(IDS_KEPT);
  private readonly ids: (string | undefined)[] = new Array<string | undefined>(IDS_KEPT).fill(undefined);
  /** The keys of the current event's data, read by `dataView`. */
  private dataKeys: readonly string[] = [];
  /**
   * The current event's data as an object whose keys are read from the columns when asked (one
   * key, nothing else built): it reads as an equal object (its keys, in order, and values).
   */
  private readonly dataView: object;

  constructor(
    private readonly columns: FoldColumns,
    private readonly messageColumn: number,
  ) {
    const keyOf = (key: string | symbol) => (typeof key === 'string' && this.dataKeys.includes(key) ? key : undefined);
    this.dataView = new Proxy({}, {
      get: (_target, key) => {
        const k = keyOf(key);
        return k === undefined ? undefined : this.columns.payloadKeyOf(this.read, 'data', k);
      },
      has: (_target, key) => keyOf(key) !== undefined,
      ownKeys: () => [...this.dataKeys],
      getOwnPropertyDescriptor: (_target, key) => {
        const k = keyOf(key);
        return k === undefined ? undefined : { value: this.columns.payloadKeyOf(this.read, 'data', k), writable: true, enumerable: true, configurable: true };
      },
    });
  }

  /** Points the view at event i. */
  at(i: number): this {
    this.seq = i;
    this.read = i;
    this.tick = this.columns.tickOf(i);
    this.kind = this.columns.kindOf(i);
    this.dataRead = false;
    this.dataValue = undefined;
    return this;
  }

  get messageId(): string | undefined {
    const code = this.columns.codeOf(this.read, this.messageColumn);
    // A slot per code modulo IDS_KEPT: a message's later events find its id where they look first.
    const slot = code & (IDS_KEPT - 1);
    if (this.idCodes[slot] === code && code !== 0) return this.ids[slot];
    const id = this.columns.stringOf(this.read, this.messageColumn);
    if (id === undefined) return undefined;
    this.idCodes[slot] = code;
    this.ids[slot] = id;
    return id;
  }

  get data(): unknown {
    if (!this.dataRead) {
      const keys = this.columns.payloadKeysOf(this.read, 'data');
      if (keys) this.dataKeys = keys;
      this.dataValue = keys ? this.dataView : this.columns.payloadOf(this.read);
      this.dataRead = true;
    }
    return this.dataValue;
  }
}
