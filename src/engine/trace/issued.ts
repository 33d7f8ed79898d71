// Ids handed to the trace with their parts. The run's id source (kernel/ids.ts) writes here the
// last few counter ids it made ("m-17" as "m" and 17) and the traceparent it made last (its 24
// bytes) and a new message's standard headers, so the trace codes them as it would after parsing their text (strings.ts, payload.ts),
// without parsing it: a new message's ids are written into the trace right after they are made.
// Only an id whose text is one of these (the same string) is taken from here; any other string
// is parsed as before, so what the trace keeps does not depend on this shortcut.

/** How many counter ids are kept (a message's correlation, message, delivery and invocation ids). */
export const ISSUED_COUNT = 4;

/** A counter of the id source: its prefix ("m"), and the prefix's number in the trace's string table once the trace saw it (-1 before). */
export interface IssuedCounter {
  readonly prefix: string;
  traced: number;
}

const NO_COUNTER: IssuedCounter = { prefix: '', traced: -1 };

export class IssuedIds {
  /** The last counter ids made, newest at `newest`; null where none yet. */
  readonly texts: (string | null)[] = new Array<string | null>(ISSUED_COUNT).fill(null);
  /** Their counters and numbers (17). */
  readonly counters: IssuedCounter[] = new Array<IssuedCounter>(ISSUED_COUNT).fill(NO_COUNTER);
  readonly numbers: number[] = new Array<number>(ISSUED_COUNT).fill(0);
  newest = 0;
  /** The traceparent made last (its version "00" and flags "01" are fixed), or null. */
  traceparent: string | null = null;
  /** Its trace id (16 bytes) and parent (span) id (8 bytes). */
  readonly traceparentBytes = new Uint8Array(24);
  /** The same bytes as six big-endian words (the payload copies them a word at a time). */
  readonly traceparentWords = new DataView(this.traceparentBytes.buffer);
  /**
   * The headers object of the message made last, when it has the standard keys only, in this
   * order: `{ correlationId, causationId, traceparent }` (PayloadStore.headers); else null.
   */
  headers: object | null = null;

  /** A counter id `${counter.prefix}-${n}` was made (prefix not empty, n ≥ 1). */
  counter(text: string, counter: IssuedCounter, n: number): void {
    const k = (this.newest + 1) & (ISSUED_COUNT - 1);
    this.texts[k] = text;
    this.counters[k] = counter;
    this.numbers[k] = n;
    this.newest = k;
  }

  /** Where `text` is kept, newest first, or -1. */
  find(text: string): number {
    const texts = this.texts;
    for (let i = 0, k = this.newest; i < ISSUED_COUNT; i++, k = (k - 1) & (ISSUED_COUNT - 1)) {
      if (texts[k] === text) return k;
    }
    return -1;
  }
}
