// The compact trace's side store for kind-specific payloads (`data` and anything else an event
// carries besides its fixed fields): JSON-like values written as bytes, in one buffer that grows
// by doubling. Strings go through the run's StringTable (counter ids as prefix + number, W3C
// traceparents as their 25 bytes), numbers as varints where they are whole, objects as a shape
// number (the keys in order, kept once) followed by their values. Reading a value back builds an
// equal value with the same keys in the same order, so its JSON — and the trace hash — is
// byte-identical. Values JSON cannot write faithfully from parts (a Date, a class with toJSON, a
// BigInt) are kept as they are, by reference, so even they stringify as before. This module
// writes; payload-reader.ts reads (the tags below are their shared format).

import type { StringTable } from './strings';
import { TraceText } from './text';
import { PayloadLayout } from './layouts';
import { writeTraceparent } from './traceparent-bytes';
import { PayloadBytes } from './payload-bytes';

/** The tag byte in front of each value. */
export const UNDEFINED = 0;
export const NULL = 1;
export const FALSE = 2;
export const TRUE = 3;
export const UINT = 4;
export const NEGINT = 5;
export const FLOAT = 6;
export const STRING = 7;
export const COUNTER = 8;
export { TRACEPARENT } from './traceparent-bytes';
export const OBJECT = 10;
export const ARRAY = 11;
export const RAW = 12;
/** A TraceText: its template's number, then its values; read back as the finished string. */
export const TEMPLATE = 13;

/** A message's standard headers (issued.ts): the shape `object` reaches for them. */
const HEADERS = new PayloadLayout(['correlationId', 'causationId', 'traceparent']);

/** Objects nested deeper than this are kept by reference (JSON.stringify of a cycle still throws). */
const DEPTH_MAX = 64;

/** A node of the shape trie: an object's keys so far; `id` once some object ended here. */
export interface ShapeNode {
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

/** Where a string value was last interned (a ShapeNode for a key's values, or a writer's own slot). */
export interface StringSlot {
  lastString: string | null;
  lastCode: number;
}

export class PayloadStore extends PayloadBytes {
  private readonly f64 = new Float64Array(1);
  private readonly f64Bytes = new Uint8Array(this.f64.buffer);
  /** The shape trie's root: the object with no keys (a writer's `openObject` starts here). */
  readonly root: ShapeNode = { keys: [], id: -1, next: new Map(), lastKey: '', lastNext: null, toJSON: false, lastString: null, lastCode: 0 };
  /** The number `string` last interned (-1 when it wrote a counter or a traceparent). */
  private interned = -1;
  /** Object shapes by number: their keys in order. */
  readonly shapes: string[][] = [];
  /** Values kept by reference (see the opening comment). */
  readonly raw: unknown[] = [];
  /** TraceText templates by number (their fixed parts), and the number of each. */
  readonly templates: (readonly string[])[] = [];
  private readonly templateIds = new Map<readonly string[], number>();
  private lastTemplate: readonly string[] | null = null;
  private lastTemplateId = 0;
  private readonly counter = { prefix: 0, n: 0 };

  constructor(readonly strings: StringTable) {
    super();
  }

  byte(b: number): void {
    if (this.length >= this.bytes.length) this.reserve(1);
    this.bytes[this.length++] = b;
  }

  /** A whole number ≥ 0 (a safe integer), 7 bits a byte. */
  varint(n: number): void {
    if (n < 0x80) {
      if (this.length >= this.bytes.length) this.reserve(1);
      this.bytes[this.length++] = n;
      return;
    }
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

  /** The shape number of an object with these keys in this order (kept once). */
  shapeOf(keys: readonly string[]): number {
    let node = this.root;
    for (const key of keys) node = this.step(node, key);
    return this.finish(node);
  }

  /** The shape node after `node` with one more key (objects written field by field start at `root`). */
  step(node: ShapeNode, key: string): ShapeNode {
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
    if (s.length === 55 && writeTraceparent(this, s)) return;
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

  number(n: number): void {
    if (n >>> 0 === n && (n !== 0 || 1 / n > 0)) {
      // a whole number in 32 bits, not -0 (most: counts, sequence numbers, ticks)
      this.reserve(6);
      const bytes = this.bytes;
      let at = this.length;
      bytes[at++] = UINT;
      while (n >= 0x80) {
        bytes[at++] = (n & 0x7f) | 0x80;
        n >>>= 7;
      }
      bytes[at++] = n;
      this.length = at;
      return;
    }
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

  /**
   * A message's headers, inside its event's data: what `value(h, 1)` writes. The standard headers
   * the run's id source handed over (issued.ts) are written from their three keys without a walk.
   */
  headers(h: unknown): void {
    const issued = this.strings.issued;
    if (issued === null || h !== issued.headers) return this.value(h, 1);
    const { correlationId, causationId, traceparent } = h as { correlationId: unknown; causationId: unknown; traceparent: unknown };
    if (typeof correlationId !== 'string' || (causationId !== null && typeof causationId !== 'string') || typeof traceparent !== 'string') return this.value(h, 1);
    const keys = this.openLayout(HEADERS);
    this.keyString(keys[0], correlationId);
    if (causationId === null) this.byte(NULL);
    else this.keyString(keys[1], causationId);
    this.keyString(keys[2], traceparent);
  }

  private array(v: unknown[], depth: number): void {
    this.byte(ARRAY);
    this.varint(v.length);
    for (let i = 0; i < v.length; i++) this.value(v[i], depth + 1);
  }

  private template(t: TraceText): void {
    const parts = t.parts;
    this.openTemplate(parts);
    const values = t.values;
    for (let i = 0; i < parts.length - 1; i++) this.value(values[i]);
  }

  /**
   * A text built lazily from a template's fixed parts (the same array each time): the writer
   * writes its parts.length - 1 values next, each a string, number, boolean, null or undefined
   * (what `text` of trace/text.ts keeps).
   */
  openTemplate(parts: readonly string[]): void {
    let id = parts === this.lastTemplate ? this.lastTemplateId : this.templateIds.get(parts);
    if (id === undefined) {
      id = this.templates.push(parts) - 1;
      this.templateIds.set(parts, id);
    }
    this.lastTemplate = parts;
    this.lastTemplateId = id;
    this.byte(TEMPLATE);
    this.varint(id);
  }

  /**
   * Writes a plain object: its shape, then its values (for…in: the keys of the host's plain
   * objects are its own), in one pass over the keys: the values are written first, a byte after
   * the tag, and the shape's number goes in front of them once the keys are known (moving the
   * values when it needs more than that byte). An object with a "toJSON" key is taken back.
   */
  private object(v: Record<string, unknown>, depth: number): boolean {
    const start = this.openObject();
    let node = this.root;
    for (const key in v) {
      node = this.step(node, key);
      const value = v[key];
      if (typeof value === 'string') this.keyString(node, value);
      else this.value(value, depth + 1);
    }
    if (node.toJSON) {
      this.length = start;
      return false;
    }
    this.closeObject(start, node);
    return true;
  }

  /**
   * Starts an object with the keys of `layout` (see PayloadLayout): its values follow, in order.
   * Returns the keys' shape nodes (for keyString).
   */
  openLayout(layout: PayloadLayout): ShapeNode[] {
    if (layout.store !== this) this.resolve(layout);
    const id = layout.id;
    if (id < 0x80) {
      this.reserve(2);
      this.bytes[this.length] = OBJECT;
      this.bytes[this.length + 1] = id;
      this.length += 2;
    } else {
      this.byte(OBJECT);
      this.varint(id);
    }
    return layout.nodes;
  }

  private resolve(layout: PayloadLayout): void {
    for (const inner of layout.nested) if (inner.store !== this) this.resolve(inner);
    let node = this.root;
    layout.nodes = [];
    for (const key of layout.keys) layout.nodes.push((node = this.step(node, key)));
    layout.id = this.finish(node);
    layout.store = this;
  }

  /**
   * Starts a plain object written key by key (`object`; writers with fixed keys use `openLayout`):
   * its values follow, each after a `step` from `root`, and `closeObject` ends it. Returns where
   * it starts.
   */
  openObject(): number {
    const start = this.length;
    this.reserve(2);
    this.length = start + 2;
    return start;
  }

  /** The string value of the key `node` stands for; the same string as that key's last one reuses its number, unlooked-up. */
  keyString(node: StringSlot, value: string): void {
    if (typeof value !== 'string') return this.value(value, 1); // a writer's "string" that is not one after all
    if (value === node.lastString) {
      this.byte(STRING);
      this.varint(node.lastCode);
      return;
    }
    this.string(value);
    if (this.interned >= 0) {
      node.lastString = value;
      node.lastCode = this.interned;
    }
  }

  /**
   * Ends the object opened at `start` whose keys led to `node`: the shape's number goes in front
   * of the values (a byte was kept for it; the values move when it needs more).
   */
  closeObject(start: number, node: ShapeNode): void {
    const id = this.finish(node);
    if (id >= 0x80) {
      let size = 1;
      for (let n = id; n >= 0x80; n = Math.floor(n / 0x80)) size++;
      this.reserve(size - 1);
      this.bytes.copyWithin(start + 1 + size, start + 2, this.length);
      this.length += size - 1;
    }
    if (id < 0x80) {
      this.bytes[start] = OBJECT;
      this.bytes[start + 1] = id;
      return;
    }
    this.reserve(8); // before the length goes back: growing copies only what lies below it
    const end = this.length;
    this.bytes[start] = OBJECT;
    this.length = start + 1;
    this.varint(id);
    this.length = end;
  }
}

/** Sets `key` as an own property, also "__proto__" (a key JSON.parse can make). */
export function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
