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
  /** A signed 32-bit draw (`hex16` is two of them, the high half first). */
  int32?(): number;
  /** A child stream whose numbers depend only on this stream's key and `name`. */
  fork(name: string): Random;
}

export function createRandom(seed: number | string, key = 'root'): Random {
  const streamKey = `${seed}/${key}`;
  const prng = seedrandom.alea(streamKey);
  const next = (): number => prng();
  const random: Random = {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => p > 0 && next() < p,
    hex16: () => {
      const high = prng.int32();
      return hex16Of(high, prng.int32());
    },
    hexInto: (codes, at) => {
      const high = prng.int32();
      writeHex(codes, at, high, prng.int32());
    },
    int32: () => prng.int32(),
    fork: (name) => createRandom(seed, `${key}/${name}`),
  };
  return random;
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

function writeHex(codes: number[], at: number, high: number, low: number): void {
  for (let i = 0; i < 8; i++) {
    codes[at + i] = HEX_CODE[(high >>> (28 - 4 * i)) & 15];
    codes[at + 8 + i] = HEX_CODE[(low >>> (28 - 4 * i)) & 15];
  }
}
