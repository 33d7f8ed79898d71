// The trace-context stream's draws, taken ahead in blocks, and the texts of new traces'
// traceparents rendered ahead in batches. A workload starts one new trace after another (one
// traceparent a message), and building each 55-character string on its own cost more than drawing
// its numbers: while new traces follow one another with nothing else drawn in between, the texts
// of the next few are written together and decoded into one string by the host's TextDecoder (a
// bulk copy), and each traceparent is a slice of it. The stream is IdSource's alone, so drawing
// ahead changes no number any id gets; a batch is used only slot by slot from where it was
// rendered, and rendered again from wherever the stream stands once anything else drew — so each
// traceparent's text is what its own draws write (test/engine/kernel-hot-path.test.ts). A run's
// fixed cost stays small (lesson checks make thousands of short runs): draws are taken ahead a few
// at first, and the batches' scratch bytes and the decoder are shared by every run.

import type { Random } from './random';

/** The most slots a batch renders (its string is kept while any of its traceparents is). */
const BATCH_MAX = 128;
/** The slots of a batch after one was left unfinished (something else drew). */
const BATCH_MIN = 4;
/** Draws a new trace takes: its trace id (4), its root's span id (2, never written), its span id (2). */
const NEW_TRACE_DRAWS = 8;
/** Draws taken ahead at most (room for a whole batch and more). */
const AHEAD = 2 * NEW_TRACE_DRAWS * BATCH_MAX;
/** A traceparent's length: `00-<32 hex>-<16 hex>-01`. */
export const TRACEPARENT_LENGTH = 55;

type Decoder = { decode(bytes: Uint8Array): string };
/**
 * The host's TextDecoder (browsers, workers and Node all have one; it is not in ES2022, so it is
 * looked up): ASCII bytes in, the same text out. Without one, every traceparent is built alone.
 */
const TextDecoderOfHost = (globalThis as { TextDecoder?: new () => Decoder }).TextDecoder;
/** One decoder for every run (a whole input each time: it keeps no state between calls), made on first use. */
let sharedDecoder: Decoder | null = null;

/**
 * A batch's characters as bytes, shared by every run (a batch is written and decoded in one
 * synchronous step): the fixed characters of each slot written once, the digits per batch.
 */
let batchBytes: Uint8Array | null = null;
let batchView: DataView | null = null;

function batchBuffer(): DataView {
  if (batchView === null) {
    const bytes = (batchBytes = new Uint8Array(TRACEPARENT_LENGTH * BATCH_MAX));
    const fixed = '00-' + '0'.repeat(32) + '-' + '0'.repeat(16) + '-01';
    for (let slot = 0; slot < BATCH_MAX; slot++) {
      for (let i = 0; i < TRACEPARENT_LENGTH; i++) bytes[slot * TRACEPARENT_LENGTH + i] = fixed.charCodeAt(i);
    }
    batchView = new DataView(bytes.buffer);
  }
  return batchView;
}

/** Draws taken ahead at first (a short run takes few); each time more are needed, twice as many, up to AHEAD. */
const AHEAD_FIRST = 16;

export class TraceDraws {
  /** The stream's next draws are words[at, end). */
  readonly words = new Int32Array(AHEAD);
  at = 0;
  private end = 0;
  /** Draws taken so far: where the stream stands. */
  private taken = 0;
  /** How many draws the next `drawAhead` takes at least. */
  private block = AHEAD_FIRST;
  private readonly decoder: Decoder | null = TextDecoderOfHost === undefined ? null : (sharedDecoder ??= new TextDecoderOfHost());
  /** A batch: its text, where the stream stood when its next slot was rendered, its slots left, the next slot's offset. */
  private batch = '';
  private batchAt = -1;
  private batchLeft = 0;
  private batchOffset = 0;
  private batchSize = BATCH_MIN;

  constructor(private readonly random: Random & { int32Into: NonNullable<Random['int32Into']> }) {}

  /** Takes the stream's next `n` draws: they are words[i, i + n) for the returned i. */
  take(n: number): number {
    if (this.end - this.at < n) this.drawAhead(n);
    const i = this.at;
    this.at += n;
    this.taken += n;
    return i;
  }

  /** Keeps the draws not taken yet at the front and draws the stream's next: at least `n` ready, and `block` more. */
  private drawAhead(n: number): void {
    const words = this.words;
    words.copyWithin(0, this.at, this.end);
    this.end -= this.at;
    this.at = 0;
    const upTo = Math.min(words.length, Math.max(n, this.end + this.block));
    this.block = Math.min(2 * this.block, AHEAD);
    this.random.int32Into(words, this.end, upTo - this.end);
    this.end = upTo;
  }

  /**
   * The text of a new trace's traceparent whose draws are the next NEW_TRACE_DRAWS (not taken
   * here: the caller takes them next), from the current batch, or null without a TextDecoder.
   */
  newTraceText(): string | null {
    if (this.decoder === null) return null;
    if (this.batchLeft === 0 || this.batchAt !== this.taken) this.render();
    const at = this.batchOffset;
    this.batchOffset = at + TRACEPARENT_LENGTH;
    this.batchLeft--;
    this.batchAt = this.taken + NEW_TRACE_DRAWS;
    return this.batch.slice(at, at + TRACEPARENT_LENGTH);
  }

  /** Renders the next slots from where the stream stands: twice as many as last time when that batch was used up, else the least. */
  private render(): void {
    const size = (this.batchSize = this.batchLeft === 0 ? Math.min(2 * this.batchSize, BATCH_MAX) : BATCH_MIN);
    if (this.end - this.at < size * NEW_TRACE_DRAWS) this.drawAhead(size * NEW_TRACE_DRAWS);
    const words = this.words;
    const view = batchBuffer();
    const pairs = HEX_PAIRS;
    for (let slot = 0, w = this.at, b = 0; slot < size; slot++, w += NEW_TRACE_DRAWS, b += TRACEPARENT_LENGTH) {
      let at = b + 3;
      for (let k = 0; k < NEW_TRACE_DRAWS; k++) {
        if (k === 4) k = 6; // the root's span id: drawn, never written
        if (k === 6) at = b + 36;
        const x = words[w + k];
        view.setUint16(at, pairs[x >>> 24]);
        view.setUint16(at + 2, pairs[(x >>> 16) & 255]);
        view.setUint16(at + 4, pairs[(x >>> 8) & 255]);
        view.setUint16(at + 6, pairs[x & 255]);
        at += 8;
      }
    }
    this.batch = this.decoder!.decode(batchBytes!.subarray(0, size * TRACEPARENT_LENGTH));
    this.batchAt = this.taken;
    this.batchLeft = size;
    this.batchOffset = 0;
  }
}

/** The two hex digits of each byte as one big-endian 16-bit word of their codes (a DataView writes both at once). */
const HEX_PAIRS = Uint16Array.from({ length: 256 }, (_, b) => ('0123456789abcdef'.charCodeAt(b >> 4) << 8) | '0123456789abcdef'.charCodeAt(b & 15));

/** The two hex digit codes of each byte: HEX_PAIR_CODES[2b], HEX_PAIR_CODES[2b + 1]. */
export const HEX_PAIR_CODES = Int32Array.from({ length: 512 }, (_, i) => '0123456789abcdef'.charCodeAt(i & 1 ? (i >> 1) & 15 : i >> 5));
