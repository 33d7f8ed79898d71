// Seeded randomness. One seed drives a run; components draw from named sub-streams
// (`random.fork('inventory')`) so adding a component never shifts anyone else's numbers.
// Only integer helpers are offered where time is concerned (`int(n)` = floor(next() * n)).

import seedrandom from 'seedrandom';

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Sixteen random hex digits. */
  hex16(): string;
  /** The char codes of sixteen random hex digits (the same draws as `hex16`) written into `codes` from `at`. */
  hexInto?(codes: number[], at: number): void;
  /** The next `count` signed 32-bit draws (`hex16` is two of them, high first) written into `out` from `at`. */
  int32Into?(out: Int32Array, at: number, count: number): void;
  /** A child stream whose numbers depend only on this stream's key and `name`. */
  fork(name: string): Random;
}

export function createRandom(seed: number | string, key = 'root'): Random {
  const streamKey = `${seed}/${key}`;
  const alea = new Alea(streamKey);
  const next = (): number => alea.next();
  const random: Random = {
    next,
    int: (n) => Math.floor(alea.next() * n),
    chance: (p) => p > 0 && alea.next() < p,
    hex16: () => {
      const high = alea.int32();
      return hex16Of(high, alea.int32());
    },
    hexInto: (codes, at) => alea.hexInto(codes, at),
    int32Into: (out, at, count) => alea.int32Into(out, at, count),
    fork: (name) => createRandom(seed, `${key}/${name}`),
  };
  return random;
}

/**
 * Baagoe's Alea generator, seeded by seedrandom's `alea` (its state taken once) and stepped here
 * with the same arithmetic in the same order, so every draw is the library's, bit for bit. Its
 * state lives in a Float64Array: the library keeps it in object fields, and each draw stored
 * three new heap numbers (a trace id is eight draws), which was most of what a publish allocated.
 */
class Alea {
  /** c, s0, s1, s2 */
  private readonly state = new Float64Array(4);

  constructor(streamKey: string) {
    const seeded = seedrandom.alea(streamKey, { state: true }).state() as unknown as { c: number; s0: number; s1: number; s2: number };
    this.state[0] = seeded.c;
    this.state[1] = seeded.s0;
    this.state[2] = seeded.s1;
    this.state[3] = seeded.s2;
  }

  /** A float in [0, 1): seedrandom's `alea.next`. */
  next(): number {
    const s = this.state;
    const t = 2091639 * s[1] + s[0] * 2.3283064365386963e-10; // 2^-32
    s[1] = s[2];
    s[2] = s[3];
    const c = t | 0;
    s[0] = c;
    return (s[3] = t - c);
  }

  /** A signed 32-bit integer: seedrandom's `prng.int32()`. */
  int32(): number {
    return (this.next() * 0x100000000) | 0;
  }

  /** `count` `int32` draws into `out` from `at`: the state stepped in locals, stored once (no heap number per draw). */
  int32Into(out: Int32Array, at: number, count: number): void {
    const s = this.state;
    let c = s[0];
    let s0 = s[1];
    let s1 = s[2];
    let s2 = s[3];
    for (let i = at, end = at + count; i < end; i++) {
      const t = 2091639 * s0 + c * 2.3283064365386963e-10;
      s0 = s1;
      s1 = s2;
      c = t | 0;
      s2 = t - c;
      out[i] = (s2 * 0x100000000) | 0;
    }
    s[0] = c;
    s[1] = s0;
    s[2] = s1;
    s[3] = s2;
  }

  /**
   * Two `int32` draws as sixteen hex digit codes (as `writeHex(codes, at, int32(), int32())`),
   * the draws stepped in place: a draw returned from a call is a new heap number, four a message.
   */
  hexInto(codes: number[], at: number): void {
    const s = this.state;
    let t = 2091639 * s[1] + s[0] * 2.3283064365386963e-10;
    s[1] = s[2];
    s[2] = s[3];
    let c = t | 0;
    s[0] = c;
    const high = ((s[3] = t - c) * 0x100000000) | 0;
    t = 2091639 * s[1] + s[0] * 2.3283064365386963e-10;
    s[1] = s[2];
    s[2] = s[3];
    c = t | 0;
    s[0] = c;
    const low = ((s[3] = t - c) * 0x100000000) | 0;
    writeHex(codes, at, high, low);
  }
}

/** Char codes of the hex digits 0-9a-f. */
const HEX_CODE = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const HEX16_CODES: number[] = new Array(16).fill(0);

/**
 * Sixteen hex digits of two 32-bit values, built as one flat string. (Concatenating eight-digit
 * halves made a rope of string nodes; a message keeps its traceparent for life, and ropes of
 * every message's ids were most of the heap a long Kafka log retains.)
 */
function hex16Of(high: number, low: number): string {
  writeHex(HEX16_CODES, 0, high, low);
  return String.fromCharCode.apply(null, HEX16_CODES);
}

/** The two hex digit codes of each byte: HEX_PAIR_CODES[2b], HEX_PAIR_CODES[2b + 1]. */
const HEX_PAIR_CODES = new Int32Array(512);
for (let b = 0; b < 256; b++) {
  HEX_PAIR_CODES[2 * b] = HEX_CODE[b >> 4];
  HEX_PAIR_CODES[2 * b + 1] = HEX_CODE[b & 15];
}

function writeHex(codes: number[], at: number, high: number, low: number): void {
  const pairs = HEX_PAIR_CODES;
  for (let i = 0; i < 4; i++) {
    const h = ((high >>> (24 - 8 * i)) & 255) << 1;
    const l = ((low >>> (24 - 8 * i)) & 255) << 1;
    codes[at + 2 * i] = pairs[h];
    codes[at + 2 * i + 1] = pairs[h + 1];
    codes[at + 8 + 2 * i] = pairs[l];
    codes[at + 9 + 2 * i] = pairs[l + 1];
  }
}
