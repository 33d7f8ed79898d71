// The compact trace's strings: every string a trace holds is kept once and named by a number.
// Most ids in a run are readable counters ("m-17", "d-4", "order-3"): those are not kept at all
// but written as their prefix and number (a prefix table of a few entries), so a million
// messages cost no million strings. Other strings (actors, entity names, explanations) are
// interned: the first copy is kept, later equal strings reuse its number.
//
// A column code (Uint32) is 0 for "absent", 1…2^31-1 for an interned string, and
// 2^31 | prefix << 24 | n for a counter id (prefix < 128, n < 2^24). A string that does not fit
// (a bigger counter, a 129th prefix) is interned like any other, so every string round-trips.
// A counter id the run's id source made lately is taken with its parts (issued.ts), not parsed.

import type { IssuedIds } from './issued';

export const ABSENT = 0;
const COUNTER_BIT = 0x80000000;
const COUNTER_PREFIXES_MAX = 128;
const COUNTER_N_MAX = 0x1000000;
/** Counters with more digits are kept as strings (the number must stay a safe integer). */
const COUNTER_DIGITS_MAX = 15;

export class StringTable {
  /** Interned strings by number; [0] is unused (code 0 is "absent"). */
  readonly strings: string[] = [''];
  private readonly ids = new Map<string, number>();
  /** Counter prefixes ("m", "d", "order") by number. */
  readonly prefixes: string[] = [];
  /** The prefix `counterOf` found last (a column's ids share theirs). */
  private lastPrefix = 0;
  /** Ids the run's id source made lately, with their parts (null for a replica, which parses). */
  issued: IssuedIds | null = null;

  /** The number of an interned string, adding it on first sight. */
  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    return id;
  }

  /**
   * When `s` is a counter id `<prefix>-<n>` (n written without leading zeros): its prefix's
   * number (added on first sight, -1 when the table is full) and n, in `counter`; else false.
   */
  counterOf(s: string, counter: { prefix: number; n: number }): boolean {
    // A counter the run's id source made lately (issued.ts): its parts, not parsed.
    const issued = this.issued;
    if (issued !== null) {
      const k = issued.find(s);
      if (k >= 0) {
        const made = issued.counters[k];
        if (made.traced < 0) made.traced = this.prefixNumber(made.prefix);
        counter.prefix = made.traced;
        counter.n = issued.numbers[k];
        return made.traced >= 0;
      }
    }
    // The last two counters read (a message's id and its correlation id are read by its every
    // event, its headers and the columns): the same string again is not parsed again.
    if (s === this.recent0) {
      counter.prefix = this.recentPrefix0;
      counter.n = this.recentN0;
      return true;
    }
    if (s === this.recent1) {
      counter.prefix = this.recentPrefix1;
      counter.n = this.recentN1;
      return true;
    }
    if (!this.parseCounter(s, counter)) return false;
    this.recent1 = this.recent0;
    this.recentPrefix1 = this.recentPrefix0;
    this.recentN1 = this.recentN0;
    this.recent0 = s;
    this.recentPrefix0 = counter.prefix;
    this.recentN0 = counter.n;
    return true;
  }

  private recent0: string | null = null;
  private recentPrefix0 = 0;
  private recentN0 = 0;
  private recent1: string | null = null;
  private recentPrefix1 = 0;
  private recentN1 = 0;

  private parseCounter(s: string, counter: { prefix: number; n: number }): boolean {
    const length = s.length;
    let i = length - 1;
    let n = 0;
    let scale = 1;
    for (; i >= 0; i--) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      n += (c - 48) * scale;
      scale *= 10;
    }
    const digits = length - 1 - i;
    if (i < 1 || digits === 0 || digits > COUNTER_DIGITS_MAX || s.charCodeAt(i) !== 45) return false;
    if (digits > 1 && s.charCodeAt(i + 1) === 48) return false; // "m-07" is not "m-" + 7
    const prefix = this.prefixNumber(s, i);
    counter.prefix = prefix;
    counter.n = n;
    return prefix >= 0;
  }

  /**
   * The number of the counter prefix `s.slice(0, length)` (all of `s` without `length`), added on
   * first sight; -1 when the table is full.
   */
  private prefixNumber(s: string, length = s.length): number {
    const prefixes = this.prefixes;
    const last = prefixes[this.lastPrefix];
    if (last !== undefined && last.length === length && s.startsWith(last)) return this.lastPrefix;
    for (let p = 0; p < prefixes.length; p++) {
      const candidate = prefixes[p];
      if (candidate.length === length && s.startsWith(candidate)) return (this.lastPrefix = p);
    }
    if (prefixes.length >= COUNTER_PREFIXES_MAX * 4) return -1;
    prefixes.push(length === s.length ? s : s.slice(0, length));
    return prefixes.length - 1;
  }

  private readonly counter = { prefix: 0, n: 0 };

  /** The column code of `s` (see the opening comment). */
  code(s: string): number {
    return this.storedCode(s) >>> 0;
  }

  /**
   * `code(s)` as the signed 32-bit integer of the same bits, for a Uint32Array store (which keeps
   * it unsigned): the engine keeps that as a small integer, while a counter's code as an unsigned
   * number above 2^31 was a heap number, allocated on every event that wrote a message's ids
   * (most of what keeping the trace allocated).
   */
  storedCode(s: string): number {
    const counter = this.counter;
    if (this.counterOf(s, counter) && counter.prefix < COUNTER_PREFIXES_MAX && counter.n < COUNTER_N_MAX) {
      return COUNTER_BIT | (counter.prefix << 24) | counter.n;
    }
    return this.intern(s);
  }

  /** The string a column code stands for (undefined for ABSENT). */
  text(code: number): string | undefined {
    if (code === ABSENT) return undefined;
    if (code < COUNTER_BIT) return this.strings[code];
    return `${this.prefixes[(code >>> 24) & 0x7f]}-${code & 0xffffff}`;
  }

  /** The counter's text, for codes written by the payload encoder. */
  counterText(prefix: number, n: number): string {
    return `${this.prefixes[prefix]}-${n}`;
  }

  /** Interned strings, for sizing. */
  get size(): number {
    return this.strings.length - 1;
  }
}
