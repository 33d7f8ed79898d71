// Reading the compact trace's side store (payload.ts writes it): the value at a position built
// back as an equal value with the same keys in the same order (its JSON is byte-identical to
// the value written), skipped without building it, or — for readers that want one field of an
// event's payload, like the fold — one key of an object found without building the object.

import {
  ARRAY, COUNTER, FALSE, FLOAT, NEGINT, NULL, OBJECT, RAW, STRING, TEMPLATE, TRACEPARENT, TRUE, UINT, UNDEFINED,
  setKey, type PayloadStore,
} from './payload';

const HEX_CODE = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** "00-" + 32 + "-" + 16 + "-" + 2 characters, filled in by readTraceparent. */
const TRACEPARENT_CODES: number[] = Array.from('00-' + '0'.repeat(32) + '-' + '0'.repeat(16) + '-00', (c) => c.charCodeAt(0));

export class PayloadReader {
  /** The chunk being read (payload.ts keeps its bytes in chunks; an event's payload lies in one), and the read position in it: `read` and `skip` move it past the value there. */
  bytes: Uint8Array;
  pos = 0;
  /** Where `bytes` starts and ends, in offsets across chunks. */
  private from = 0;
  private to = 0;
  private readonly f64 = new Float64Array(1);
  private readonly f64Bytes = new Uint8Array(this.f64.buffer);

  constructor(private readonly store: PayloadStore) {
    this.bytes = store.bytes;
  }

  /** Moves to `offset` (counted across chunks, as PayloadStore.startEvent gives it). */
  seek(offset: number): void {
    const store = this.store;
    if (offset >= store.base) {
      this.bytes = store.bytes;
      this.from = store.base;
      this.to = Infinity;
    } else if (offset < this.from || offset >= this.to || this.to === Infinity) {
      const bases = store.bases;
      let lo = 0;
      let hi = bases.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (bases[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      this.bytes = store.chunks[lo];
      this.from = bases[lo];
      this.to = this.from + this.bytes.length;
    }
    this.pos = offset - this.from;
  }

  readVarint(): number {
    const bytes = this.bytes;
    let at = this.pos;
    let b = bytes[at++];
    let n = b & 0x7f;
    let scale = 0x80;
    while (b >= 0x80) {
      b = bytes[at++];
      n += (b & 0x7f) * scale;
      scale *= 0x80;
    }
    this.pos = at;
    return n;
  }

  private readTraceparent(): string {
    const bytes = this.bytes;
    const codes = TRACEPARENT_CODES;
    let at = this.pos;
    let c = 3;
    for (let i = 0; i < 25; i++) {
      if (i === 16 || i === 24) c++;
      const b = bytes[at++];
      codes[c++] = HEX_CODE[b >> 4];
      codes[c++] = HEX_CODE[b & 15];
    }
    this.pos = at;
    return String.fromCharCode.apply(null, codes);
  }

  /** Reads the value at `pos`, moving `pos` past it. */
  read(): unknown {
    const store = this.store;
    const tag = this.bytes[this.pos++];
    switch (tag) {
      case UNDEFINED:
        return undefined;
      case NULL:
        return null;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case UINT:
        return this.readVarint();
      case NEGINT:
        return -this.readVarint();
      case FLOAT:
        this.f64Bytes.set(this.bytes.subarray(this.pos, this.pos + 8));
        this.pos += 8;
        return this.f64[0];
      case STRING:
        return store.strings.strings[this.readVarint()];
      case COUNTER: {
        const prefix = this.readVarint();
        return store.strings.counterText(prefix, this.readVarint());
      }
      case TRACEPARENT:
        return this.readTraceparent();
      case OBJECT: {
        const keys = store.shapes[this.readVarint()];
        const out: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) setKey(out, keys[i], this.read());
        return out;
      }
      case ARRAY: {
        const length = this.readVarint();
        const out = new Array<unknown>(length);
        for (let i = 0; i < length; i++) out[i] = this.read();
        return out;
      }
      case RAW:
        return store.raw[this.readVarint()];
      case TEMPLATE: {
        const parts = store.templates[this.readVarint()];
        let s = parts[0];
        for (let i = 1; i < parts.length; i++) s += `${this.read() as string}${parts[i]}`;
        return s;
      }
      default:
        throw new Error(`trace payload: unknown tag ${tag} at byte ${this.pos - 1}`);
    }
  }

  /** Moves `pos` past the value there without building it. */
  skip(): void {
    const store = this.store;
    const tag = this.bytes[this.pos++];
    switch (tag) {
      case UINT:
      case NEGINT:
      case STRING:
      case RAW:
        this.readVarint();
        return;
      case FLOAT:
        this.pos += 8;
        return;
      case COUNTER:
        this.readVarint();
        this.readVarint();
        return;
      case TRACEPARENT:
        this.pos += 25;
        return;
      case OBJECT: {
        const n = store.shapes[this.readVarint()].length;
        for (let i = 0; i < n; i++) this.skip();
        return;
      }
      case ARRAY: {
        const n = this.readVarint();
        for (let i = 0; i < n; i++) this.skip();
        return;
      }
      case TEMPLATE: {
        const n = store.templates[this.readVarint()].length - 1;
        for (let i = 0; i < n; i++) this.skip();
        return;
      }
    }
  }

  /**
   * Key `key` of the object at `pos`, built (the other keys skipped, nothing else built), or
   * undefined when the value there is no object written from its parts or has no such key.
   */
  readKey(key: string): unknown {
    const store = this.store;
    if (this.bytes[this.pos] !== OBJECT) {
      if (this.bytes[this.pos] !== RAW) return undefined;
      const raw = this.read(); // a value kept by reference: its key, as the built event's value has it
      return typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
    }
    this.pos++;
    const keys = store.shapes[this.readVarint()];
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === key) return this.read();
      this.skip();
    }
    return undefined;
  }
}
