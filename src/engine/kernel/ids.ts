// Deterministic identifiers. Message and delivery ids are readable counters ("m-17", "d-4") —
// stable for a given scenario and seed, and easy to talk about in a lesson. Trace context ids
// (W3C traceparent: 32-hex trace id, 16-hex span id) are drawn from the seeded "trace" stream.
// Each id is also handed to the trace with its parts (trace/issued.ts), so the trace need not
// parse the text it was just given.

import type { Random } from './random';
import type { IssuedCounter, IssuedIds } from '../trace/issued';
import { HEX_PAIR_CODES, TraceDraws } from './trace-draws';

/** One counter: its last number and the text in front of it ("m-"). */
interface Counter extends IssuedCounter {
  head: string;
  n: number;
}

export class IdSource {
  private counters = new Map<string, Counter>();
  /** The counter prefix `next` was last called with, and its counter. */
  private lastPrefix = '';
  private lastCounter: Counter | null = null;

  /** The trace stream's draws taken ahead (trace-draws.ts); null for a Random without `int32Into` (test stubs). */
  private readonly draws: TraceDraws | null;

  /** `issued`: where the trace looks for the ids made lately (trace/issued.ts). */
  constructor(
    private readonly traceRandom: Random,
    private readonly issued: IssuedIds | null = null,
  ) {
    this.draws = traceRandom.int32Into === undefined ? null : new TraceDraws(traceRandom as ConstructorParameters<typeof TraceDraws>[0]);
  }

  next(prefix: string): string {
    let counter = prefix === this.lastPrefix ? this.lastCounter : this.counters.get(prefix);
    if (counter == null) this.counters.set(prefix, (counter = { prefix, head: `${prefix}-`, n: 0, traced: -1 }));
    this.lastPrefix = prefix;
    this.lastCounter = counter;
    const id = counter.head + ++counter.n;
    if (this.issued !== null && prefix !== '') this.issued.counter(id, counter, counter.n);
    return id;
  }

  traceId(): string {
    if (this.draws !== null) return this.hexText(4);
    return flatConcat(this.traceRandom.hex16(), this.traceRandom.hex16(), '', '', '');
  }

  spanId(): string {
    if (this.draws !== null) return this.hexText(2);
    return this.traceRandom.hex16();
  }

  /** The next `count` draws as hex digits (what `count / 2` hex16 draws write). */
  private hexText(count: 2 | 4): string {
    const codes = count === 2 ? HEX16_CODES : HEX32_CODES;
    hexOf(this.draws!.words, this.draws!.take(count), count, codes, 0, null, 0);
    return String.fromCharCode.apply(null, codes);
  }

  /**
   * A new traceparent: in the trace `traceId` (a new trace id when absent, drawn first), with a
   * new span id — the same draws and text as `formatTraceparent(traceId ?? this.traceId(),
   * this.spanId())`, written straight into one flat string (every message keeps one).
   */
  traceparent(traceId?: string): string {
    if (traceId !== undefined && traceId.length !== 32) return formatTraceparent(traceId, this.spanId());
    const draws = this.draws;
    if (draws === null) return this.traceparentOfHex(traceId);
    const codes = TRACEPARENT_CODES;
    const words = this.issued === null ? null : this.issued.traceparentWords;
    if (traceId === undefined) {
      const i = draws.take(6);
      hexOf(draws.words, i, 4, codes, 3, words, 0);
      hexOf(draws.words, i + 4, 2, codes, 36, words, 16);
      return this.made(String.fromCharCode.apply(null, codes), true);
    }
    const whole = copyTraceId(traceId, codes, this.issued === null ? null : this.issued.traceparentBytes);
    hexOf(draws.words, draws.take(2), 2, codes, 36, words, 16);
    return this.made(String.fromCharCode.apply(null, codes), whole);
  }

  /**
   * A span in a new trace whose root is never read (a workload request starts a flow and its
   * first message at once): the same draws and text as `traceparent(traceIdOf(traceparent()))`
   * — trace id, the root's span id, this span id — without writing the root's string; the text
   * is a slice of a batch rendered ahead (trace-draws.ts) when the host can.
   */
  traceparentInNewTrace(): string {
    const draws = this.draws;
    if (draws === null) {
      const root = this.traceparent();
      return this.traceparent(root.slice(3, 35));
    }
    const text = draws.newTraceText();
    const i = draws.take(8); // the trace id, the root's span id (drawn, never written), this span id
    const words = this.issued === null ? null : this.issued.traceparentWords;
    if (text !== null) {
      if (words !== null) for (let k = 0; k < 4; k++) words.setInt32(4 * k, draws.words[i + k]);
      if (words !== null) for (let k = 0; k < 2; k++) words.setInt32(16 + 4 * k, draws.words[i + 6 + k]);
      return this.made(text, true);
    }
    const codes = TRACEPARENT_CODES;
    hexOf(draws.words, i, 4, codes, 3, words, 0);
    hexOf(draws.words, i + 6, 2, codes, 36, words, 16);
    return this.made(String.fromCharCode.apply(null, codes), true);
  }

  /** `traceparent` from a Random that draws hex digits only (test stubs): the same text. */
  private traceparentOfHex(traceId: string | undefined): string {
    const codes = TRACEPARENT_CODES;
    const random = this.traceRandom;
    const id = traceId ?? this.traceId();
    for (let i = 0; i < 32; i++) codes[3 + i] = id.charCodeAt(i);
    const span = random.hex16();
    for (let i = 0; i < 16; i++) codes[36 + i] = span.charCodeAt(i);
    return this.made(String.fromCharCode.apply(null, codes), false);
  }

  /**
   * A new message's headers, when they are `{ correlationId, causationId, traceparent }` and
   * nothing else, in this order: handed to the trace (it writes them without looking at their keys).
   */
  madeHeaders(headers: object | null): void {
    if (this.issued !== null) this.issued.headers = headers;
  }

  /** Hands `traceparent` to the trace with its bytes, when they are all known (`whole`). */
  private made(traceparent: string, whole: boolean): string {
    if (this.issued !== null) this.issued.traceparent = whole ? traceparent : null;
    return traceparent;
  }
}

/**
 * `count` 32-bit draws from `draws[from]` as hex digits (eight a draw, high first) into `codes`
 * from `at`, and as big-endian words into `words` from byte `b` (the trace's copy, issued.ts).
 */
function hexOf(draws: Int32Array, from: number, count: number, codes: number[], at: number, words: DataView | null, b: number): void {
  const pairs = HEX_PAIR_CODES;
  for (let k = from; k < from + count; k++) {
    const w = draws[k];
    for (let shift = 24; shift >= 0; shift -= 8) {
      const pair = ((w >>> shift) & 255) << 1;
      codes[at++] = pairs[pair];
      codes[at++] = pairs[pair + 1];
    }
    if (words !== null) words.setInt32(b + 4 * (k - from), w);
  }
}

/** Scratch: the digits of `hexText`. */
const HEX16_CODES: number[] = new Array<number>(16).fill(48);
const HEX32_CODES: number[] = new Array<number>(32).fill(48);

/** A given 32-digit trace id into `codes` from 3, and its 16 bytes into `bytes`; false when a digit is not lower-case hex (no bytes then). */
function copyTraceId(traceId: string, codes: number[], bytes: Uint8Array | null): boolean {
  let whole = true;
  for (let i = 0; i < 32; i += 2) {
    const a = traceId.charCodeAt(i);
    const b = traceId.charCodeAt(i + 1);
    codes[3 + i] = a;
    codes[4 + i] = b;
    const hi = a < 128 ? HEX_VALUE[a] : 16;
    const lo = b < 128 ? HEX_VALUE[b] : 16;
    if ((hi | lo) & 0x10) whole = false;
    else if (bytes !== null) bytes[i >> 1] = (hi << 4) | lo;
  }
  return whole;
}

/** Per char code below 128: its value as a lower-case hex digit, else 16. */
const HEX_VALUE = Uint8Array.from({ length: 128 }, (_, c) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : 16));

/** `00-<trace-id>-<parent-id>-01`, the W3C Trace Context version 00 format, sampled. */
export function formatTraceparent(traceId: string, spanId: string): string {
  return flatConcat('00-', traceId, '-', spanId, '-01');
}

/** "00-" + 32 trace id digits + "-" + 16 span id digits + "-01", filled in by `traceparent`. */
const TRACEPARENT_CODES: number[] = Array.from('00-' + '0'.repeat(32) + '-' + '0'.repeat(16) + '-01', (c) => c.charCodeAt(0));

const CODES: number[] = [];

/**
 * The five parts as one flat string (the same text as `a + b + c + d + e`). Joining long strings
 * with `+` makes a rope of string nodes several times the text's size; ids that a message or a
 * trace event keeps for the whole run are built flat instead.
 */
function flatConcat(a: string, b: string, c: string, d: string, e: string): string {
  const codes = CODES;
  codes.length = 0;
  pushCodes(codes, a);
  pushCodes(codes, b);
  pushCodes(codes, c);
  pushCodes(codes, d);
  pushCodes(codes, e);
  return String.fromCharCode.apply(null, codes);
}

function pushCodes(codes: number[], text: string): void {
  for (let i = 0; i < text.length; i++) codes.push(text.charCodeAt(i));
}

export function parseTraceparent(value: string): { traceId: string; spanId: string } | null {
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(value);
  return m ? { traceId: m[1], spanId: m[2] } : null;
}
