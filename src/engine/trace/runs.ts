// Payload runs: a stretch of an event's payload that a writer writes from the same few strings
// again and again (an object's opening and its names: entity, consumer, service…) is kept as its
// bytes, per store, and written again while the strings are the same ones (`repeat`; the writer
// writes it afresh and `keep`s it otherwise). A string's bytes depend only on the string once the
// store has seen it (its interned number or counter parts), so the bytes repeated are the bytes
// writing it afresh would give. The bytes are kept as four little-endian 32-bit words and written
// back a word at a time (a byte loop cost four times as much).

import type { PayloadStore } from './payload';

/** The most bytes a run keeps (a longer stretch is written afresh each time). */
const RUN_BYTES_MAX = 16;

export class PayloadRun {
  store: PayloadStore | null = null;
  s0: string | undefined = undefined;
  s1: string | undefined = undefined;
  s2: string | undefined = undefined;
  w0 = 0;
  w1 = 0;
  w2 = 0;
  w3 = 0;
  length = 0;
}

/** Scratch for `keep`. */
const WORDS = new Uint32Array(RUN_BYTES_MAX / 4);
const WORDS_VIEW = new DataView(WORDS.buffer);

/**
 * Writes `run`'s bytes into `p` again when they were kept there for the same strings (each the
 * same string or both undefined); false (nothing written) otherwise: the writer then writes the
 * stretch afresh from `start = p.length` and calls `keep`.
 */
export function repeat(p: PayloadStore, run: PayloadRun, s0: string, s1?: string, s2?: string): boolean {
  if (run.store !== p || s0 !== run.s0 || s1 !== run.s1 || s2 !== run.s2) return false;
  // whole words: the bytes past the run's end are written over next, or dropped by trim
  p.reserve(RUN_BYTES_MAX);
  const view = p.wordView();
  const at = p.length;
  view.setUint32(at, run.w0, true);
  view.setUint32(at + 4, run.w1, true);
  if (run.length > 8) {
    view.setUint32(at + 8, run.w2, true);
    view.setUint32(at + 12, run.w3, true);
  }
  p.length = at + run.length;
  return true;
}

/**
 * Keeps the stretch of `p` written since `start` as `run`'s bytes for these strings (see `repeat`).
 * The writer wrote in it only these strings (each through `keyString` or `string`) and fixed parts.
 * A value that is not a string (a writer's "string" that is not one after all) is not kept.
 */
export function keep(p: PayloadStore, run: PayloadRun, start: number, s0: string, s1?: string, s2?: string): void {
  const n = p.length - start;
  run.store = null;
  if (n > RUN_BYTES_MAX || typeof s0 !== 'string' || (s1 !== undefined && typeof s1 !== 'string') || (s2 !== undefined && typeof s2 !== 'string')) return;
  WORDS.fill(0);
  new Uint8Array(WORDS.buffer).set(p.bytes.subarray(start, p.length));
  run.w0 = WORDS_VIEW.getUint32(0, true);
  run.w1 = WORDS_VIEW.getUint32(4, true);
  run.w2 = WORDS_VIEW.getUint32(8, true);
  run.w3 = WORDS_VIEW.getUint32(12, true);
  run.length = n;
  run.s0 = s0;
  run.s1 = s1;
  run.s2 = s2;
  run.store = p;
}
