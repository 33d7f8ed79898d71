// The trace hash: a 64-bit fingerprint (two independent 32-bit FNV-1a-style lanes, hex) of the
// canonical JSON of every trace event in order. Same inputs must give the same hash in Node and
// in the browser; printing it makes determinism visible and testable.

import type { TraceEvent } from './types';

export class TraceHasher {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x5bd1e995;

  addText(text: string): void {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    // separate events so that ["ab","c"] and ["a","bc"] differ
    this.a = Math.imul(a ^ 0x1f, 0x01000193);
    this.b = Math.imul(b ^ 0x1f, 0x5bd1e995);
  }

  add(event: TraceEvent): void {
    this.addText(JSON.stringify(event));
  }

  digest(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}

export function hashTrace(trace: readonly TraceEvent[]): string {
  const hasher = new TraceHasher();
  for (const event of trace) hasher.add(event);
  return hasher.digest();
}

/** The hash of `count` events, each built by `eventAt` as it is hashed (none kept). */
export function hashEvents(count: number, eventAt: (i: number) => TraceEvent): string {
  const hasher = new TraceHasher();
  for (let i = 0; i < count; i++) hasher.add(eventAt(i));
  return hasher.digest();
}
