// The simulation's agenda: a binary min-heap of pending actions ordered by (tick, seq). `seq`
// is a global insertion counter, so actions due at the same tick run in the order they were
// scheduled — equal-time events are processed in a stable, deterministic order.

export interface Scheduled {
  tick: number;
  seq: number;
  run: () => void;
  /** A cancelled item is skipped when it comes up, without advancing the clock. */
  cancelled: boolean;
}

export class EventQueue {
  private heap: Scheduled[] = [];
  private seqNext = 0;

  /** Items waiting, cancelled ones included until they reach the top. */
  get size(): number {
    return this.heap.length;
  }

  push(tick: number, run: () => void): Scheduled {
    const item: Scheduled = { tick, seq: this.seqNext++, run, cancelled: false };
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = item;
    return item;
  }

  /** Drops cancelled items from the top, so the next tick is a real one. */
  private skipCancelled(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.popRaw();
  }

  peekTick(): number | undefined {
    this.skipCancelled();
    return this.heap.length > 0 ? this.heap[0].tick : undefined;
  }

  pop(): Scheduled | undefined {
    this.skipCancelled();
    return this.popRaw();
  }

  private popRaw(): Scheduled | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && before(heap[r], heap[l]) ? r : l;
        if (!before(heap[child], last)) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.tick < b.tick || (a.tick === b.tick && a.seq < b.seq);
}
