// The payload store's bytes (payload.ts writes values into them), kept in chunks: an event's
// payload lies within one chunk, and a new chunk starts with an event (`startEvent`) once the one
// being written has CHUNK_SIZE bytes in use, so a long run never copies what it wrote (the first
// chunk grows by doubling up to that size; an event larger than the room left grows its chunk).
// A run of a million events used to copy its payload about twice over, growing and trimming one
// buffer, and its discarded buffers brought major collections. Offsets (`startEvent`, `slice`,
// PayloadReader.seek) are counted across chunks.

/** A chunk is finished once it holds this many bytes (an event starts the next). */
const CHUNK_SIZE = 1 << 20;
/** Room past CHUNK_SIZE in a new chunk, so the event that fills it rarely grows it. */
const CHUNK_ROOM = 1 << 14;
/** A finished chunk with more room than this left is copied to its length (else kept as a view). */
const CHUNK_SLACK_MAX = 1 << 16;

export class PayloadBytes {
  /** The chunk being written, the write position in it, and where it starts (offsets across chunks). */
  bytes = new Uint8Array(1 << 12);
  length = 0;
  base = 0;
  /** The finished chunks (each as long as what it holds) and where each starts. */
  readonly chunks: Uint8Array[] = [];
  readonly bases: number[] = [];

  /** Bytes written in all (the offset the next byte gets). */
  get size(): number {
    return this.base + this.length;
  }

  /** An event's payload starts: its offset (in a new chunk when this one is full). */
  startEvent(): number {
    if (this.length >= CHUNK_SIZE) this.nextChunk();
    return this.base + this.length;
  }

  /** Finishes this chunk (as long as what it holds) and starts a new one of CHUNK_SIZE bytes. */
  private nextChunk(): void {
    const used = this.length;
    this.chunks.push(this.bytes.length - used > CHUNK_SLACK_MAX ? this.bytes.slice(0, used) : this.bytes.subarray(0, used));
    this.bases.push(this.base);
    this.base += used;
    this.bytes = new Uint8Array(CHUNK_SIZE + CHUNK_ROOM);
    this.length = 0;
  }

  /** Bytes [from, to) (offsets across chunks) as a fresh array. */
  slice(from: number, to: number): Uint8Array {
    const out = new Uint8Array(Math.max(0, to - from));
    for (let k = 0; k <= this.chunks.length; k++) {
      const chunk = k < this.chunks.length ? this.chunks[k] : this.bytes.subarray(0, this.length);
      const start = k < this.chunks.length ? this.bases[k] : this.base;
      const a = Math.max(from, start);
      const b = Math.min(to, start + chunk.length);
      if (a < b) out.set(chunk.subarray(a - start, b - start), a - from);
    }
    return out;
  }

  /** Appends bytes that end events (a replica receiving a chunk.ts chunk): a new chunk first when this one is full. */
  append(bytes: Uint8Array): void {
    if (this.length >= CHUNK_SIZE) this.nextChunk();
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  reserve(n: number): void {
    if (this.length + n > this.bytes.length) this.grow(n);
  }

  protected grow(n: number): void {
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Gives back the room a finished run does not need (appending afterwards grows it again). */
  trim(): void {
    if (this.bytes.length > this.length + 64) this.bytes = this.bytes.slice(0, this.length);
    this.view = null;
    this.viewOf = null;
  }

  /** A DataView of `bytes` (runs.ts writes words through it), remade when `bytes` is another array; dropped by trim. */
  wordView(): DataView {
    if (this.viewOf !== this.bytes) {
      const bytes = this.bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.viewOf = bytes;
    }
    return this.view!;
  }

  private viewOf: Uint8Array | null = null;
  private view: DataView | null = null;

  /** Bytes held (capacity, not only what is used). */
  get byteLength(): number {
    let n = this.bytes.byteLength;
    for (const chunk of this.chunks) n += chunk.buffer.byteLength;
    return n;
  }
}
