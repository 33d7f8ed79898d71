// The compact trace's side store for kind-specific payloads (`data` and anything else an event
// carries besides its fixed fields): JSON-like values written as bytes, in one buffer that grows
// by doubling. Strings go through the run's StringTable (counter ids as prefix + number, W3C
// traceparents as their 25 bytes), numbers as varints where they are whole, objects as a shape
// number (the keys in order, kept once) followed by their values. Reading a value back builds an
// equal value with the same keys in the same order, so its JSON — and the trace hash — is
// byte-identical. Values JSON cannot write faithfully from parts (a Date, a class with toJSON, a
// BigInt) are kept as they are, by reference, so even they stringify as before.

import type { StringTable } from './strings';
import { TraceText } from './text';

const UNDEFINED = 0;
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
const UINT = 4;
const NEGINT = 5;
const FLOAT = 6;
const STRING = 7;
const COUNTER = 8;
const TRACEPARENT = 9;
const OBJECT = 10;
const ARRAY = 11;
const RAW = 12;
/** A TraceText: its template's number, then its values; read back as the finished string. */
const TEMPLATE = 13;

/** Objects nested deeper than this are kept by reference (JSON.stringify of a cycle still throws). */
const DEPTH_MAX = 64;
/** Per char code below 128: its value as a lower-case hex digit, else 16. */
const HEX_VALUE = Uint8Array.from({ length: 128 }, (_, c) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : 16));
const HEX_CODE = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** "00-" + 32 + "-" + 16 + "-" + 2 characters, filled in by readTraceparent. */
const TRACEPARENT_CODES: number[] = Array.from('00-' + '0'.repeat(32) + '-' + '0'.repeat(16) + '-00', (c) => c.charCodeAt(0));

/** A node of the shape trie: an object's keys so far; `id` once some object ended here. */
interface ShapeNode {
  keys: string[];
  id: number;
  next: Map<string, ShapeNode>;
  /** The last step taken from here (payloads repeat their shapes: most steps skip the Map). */
  lastKey: string;
  lastNext: ShapeNode | null;
  /** A key on the way is "toJSON": JSON.stringify would call it, so such an object is kept as it is. */
  toJSON: boolean;
  /** The last interned string written as the value of this key, and its number (payloads repeat them). */
  lastString: string | null;
  lastCode: number;
}

export class PayloadStore {
  bytes = new Uint8Array(1 << 12);
  length = 0;
  private readonly f64 = new Float64Array(1);
  private readonly f64Bytes = new Uint8Array(this.f64.buffer);
  private readonly root: ShapeNode = { keys: [], id: -1, next: new Map(), lastKey: '', lastNext: null, toJSON: false, lastString: null, lastCode: 0 };
  /** The number `string` last interned (-1 when it wrote a counter or a traceparent). */
  private interned = -1;
  /** Object shapes by number: their keys in order. */
  readonly shapes: string[][] = [];
  /** Values kept by reference (see the opening comment). */
  readonly raw: unknown[] = [];
  /** TraceText templates by number (their fixed parts), and the number of each. */
  readonly templates: (readonly string[])[] = [];
  private readonly templateIds = new Map<readonly string[], number>();
  private readonly counter = { prefix: 0, n: 0 };
  /** Read position of `read`. */
  pos = 0;

  constructor(private readonly strings: StringTable) {}

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Gives back the room a finished run does not need (appending afterwards grows it again). */
  trim(): void {
    if (this.bytes.length > this.length + 64) this.bytes = this.bytes.slice(0, this.length);
  }

  byte(b: number): void {
    if (this.length >= this.bytes.length) this.reserve(1);
    this.bytes[this.length++] = b;
  }

  /** A whole number ≥ 0 (a safe integer), 7 bits a byte. */
  varint(n: number): void {
    this.reserve(8);
    const bytes = this.bytes;
    let at = this.length;
    while (n >= 0x80) {
      bytes[at++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    bytes[at++] = n;
    this.length = at;
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

  /** The shape number of an object with these keys in this order (kept once). */
  shapeOf(keys: readonly string[]): number {
    let node = this.root;
    for (const key of keys) node = this.step(node, key);
    return this.finish(node);
  }

  private step(node: ShapeNode, key: string): ShapeNode {
    if (node.lastKey === key && node.lastNext) return node.lastNext;
    let next = node.next.get(key);
    if (!next) node.next.set(key, (next = { keys: [...node.keys, key], id: -1, next: new Map(), lastKey: '', lastNext: null, toJSON: node.toJSON || key === 'toJSON', lastString: null, lastCode: 0 }));
    node.lastKey = key;
    node.lastNext = next;
    return next;
  }

  private finish(node: ShapeNode): number {
    if (node.id < 0) {
      node.id = this.shapes.length;
      this.shapes.push(node.keys);
    }
    return node.id;
  }

  string(s: string): void {
    this.interned = -1;
    if (s.length === 55 && this.traceparent(s)) return;
    const counter = this.counter;
    if (this.strings.counterOf(s, counter)) {
      this.byte(COUNTER);
      this.varint(counter.prefix);
      this.varint(counter.n);
      return;
    }
    this.byte(STRING);
    this.varint((this.interned = this.strings.intern(s)));
  }

  /** `00-<32 hex>-<16 hex>-<2 hex>`, lower case, as 25 bytes; false (nothing written) otherwise. */
  private traceparent(s: string): boolean {
    if (s.charCodeAt(0) !== 48 || s.charCodeAt(1) !== 48 || s.charCodeAt(2) !== 45 || s.charCodeAt(35) !== 45 || s.charCodeAt(52) !== 45) return false;
    this.reserve(26);
    const bytes = this.bytes;
    const start = this.length;
    let at = start + 1;
    for (let i = 3; i < 55; i += 2) {
      if (i === 35 || i === 52) i++;
      const a = s.charCodeAt(i);
      const b = s.charCodeAt(i + 1);
      const hi = a < 128 ? HEX_VALUE[a] : 16;
      const lo = b < 128 ? HEX_VALUE[b] : 16;
      if ((hi | lo) & 0x10) return false; // not a lower-case hex digit: nothing written (length unmoved)
      bytes[at++] = (hi << 4) | lo;
    }
    bytes[start] = TRACEPARENT;
    this.length = at;
    return true;
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

  number(n: number): void {
    if (Number.isSafeInteger(n) && !Object.is(n, -0)) {
      this.byte(n >= 0 ? UINT : NEGINT);
      this.varint(n >= 0 ? n : -n);
      return;
    }
    this.reserve(9);
    this.bytes[this.length++] = FLOAT;
    this.f64[0] = n;
    this.bytes.set(this.f64Bytes, this.length);
    this.length += 8;
  }

  /** Writes any value (see the opening comment). */
  value(v: unknown, depth = 0): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.byte(v ? TRUE : FALSE);
        return;
      case 'undefined':
      case 'function':
      case 'symbol':
        // JSON leaves these out of objects and writes null in arrays, as it does for undefined
        this.byte(UNDEFINED);
        return;
      case 'object':
        if (v === null) return this.byte(NULL);
        if (v instanceof TraceText) return this.template(v);
        if (depth < DEPTH_MAX) {
          // Plain arrays and objects are written from their parts (an own "toJSON" key is seen in
          // `object`); anything else — a Date, a class instance, a Map — is kept as it is.
          const proto: unknown = Object.getPrototypeOf(v);
          if (proto === Array.prototype && Array.isArray(v)) return this.array(v, depth);
          if ((proto === Object.prototype || proto === null) && this.object(v as Record<string, unknown>, depth)) return;
        }
    }
    this.byte(RAW);
    this.varint(this.raw.length);
    this.raw.push(v);
  }

  private array(v: unknown[], depth: number): void {
    this.byte(ARRAY);
    this.varint(v.length);
    for (let i = 0; i < v.length; i++) this.value(v[i], depth + 1);
  }

  private template(t: TraceText): void {
    const parts = t.parts;
    let id = this.templateIds.get(parts);
    if (id === undefined) {
      id = this.templates.push(parts) - 1;
      this.templateIds.set(parts, id);
    }
    this.byte(TEMPLATE);
    this.varint(id);
    const values = t.values;
    for (let i = 0; i < parts.length - 1; i++) this.value(values[i]);
  }

  /**
   * Writes a plain object: its shape, then its values (for…in: the keys of the host's plain
   * objects are its own), in one pass over the keys: the values are written first, a byte after
   * the tag, and the shape's number goes in front of them once the keys are known (moving the
   * values when it needs more than that byte). An object with a "toJSON" key is taken back.
   */
  private object(v: Record<string, unknown>, depth: number): boolean {
    const start = this.length;
    this.reserve(2);
    this.length = start + 2;
    let node = this.root;
    for (const key in v) {
      node = this.step(node, key);
      const value = v[key];
      if (typeof value === 'string') {
        // the same string as this key's last one (a type, an entity, a service): its number, unlooked-up
        if (value === node.lastString) {
          this.byte(STRING);
          this.varint(node.lastCode);
          continue;
        }
        this.string(value);
        if (this.interned >= 0) {
          node.lastString = value;
          node.lastCode = this.interned;
        }
      } else this.value(value, depth + 1);
    }
    if (node.toJSON) {
      this.length = start;
      return false;
    }
    const id = this.finish(node);
    if (id >= 0x80) {
      let size = 1;
      for (let n = id; n >= 0x80; n = Math.floor(n / 0x80)) size++;
      this.reserve(size - 1);
      this.bytes.copyWithin(start + 1 + size, start + 2, this.length);
      this.length += size - 1;
    }
    this.reserve(8); // before the length goes back: growing copies only what lies below it
    const end = this.length;
    this.bytes[start] = OBJECT;
    this.length = start + 1;
    this.varint(id);
    this.length = end;
    return true;
  }

  /** Reads the value at `pos`, moving `pos` past it. */
  read(): unknown {
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
        return this.strings.strings[this.readVarint()];
      case COUNTER: {
        const prefix = this.readVarint();
        return this.strings.counterText(prefix, this.readVarint());
      }
      case TRACEPARENT:
        return this.readTraceparent();
      case OBJECT: {
        const keys = this.shapes[this.readVarint()];
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
        return this.raw[this.readVarint()];
      case TEMPLATE: {
        const parts = this.templates[this.readVarint()];
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
        const n = this.shapes[this.readVarint()].length;
        for (let i = 0; i < n; i++) this.skip();
        return;
      }
      case ARRAY: {
        const n = this.readVarint();
        for (let i = 0; i < n; i++) this.skip();
        return;
      }
      case TEMPLATE: {
        const n = this.templates[this.readVarint()].length - 1;
        for (let i = 0; i < n; i++) this.skip();
        return;
      }
    }
  }
}

/** Sets `key` as an own property, also "__proto__" (a key JSON.parse can make). */
export function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
