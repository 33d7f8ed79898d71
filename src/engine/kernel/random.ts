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
    hex16: () => hex8(prng.int32()) + hex8(prng.int32()),
    fork: (name) => createRandom(seed, `${key}/${name}`),
  };
  return random;
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));

/** Eight hex digits of a 32-bit value (a table lookup per byte: this runs for every message). */
function hex8(value: number): string {
  return HEX_BYTE[(value >>> 24) & 255] + HEX_BYTE[(value >>> 16) & 255] + HEX_BYTE[(value >>> 8) & 255] + HEX_BYTE[value & 255];
}
