// The simulation's agenda: a binary min-heap of pending actions ordered by (tick, seq). `seq`
// is a global insertion counter, so actions due at the same tick run in the order they were
// scheduled — equal-time events are processed in a stable, deterministic order.
// A cancelled action leaves the heap at once (`cancel`, each item knows its slot): brokers cancel
// and re-arm timers for every message (a poll deadline, a lock), and cancelled items left in the
// heap until their tick came up held their closures alive and deepened every push and pop.

export interface Scheduled {
  tick: number;
  seq: number;
  run: () => void;
  /** A cancelled item is skipped when it comes up, without advancing the clock. */
  cancelled: boolean;
  /** Its slot in the heap, -1 once popped or cancelled through `cancel`. */
  index: number;
}

export class EventQueue {
  private heap: Scheduled[] = [];
  private seqNext = 0;

  /** Items waiting (cancelled ones only if they were flagged rather than cancelled). */
  get size(): number {
    return this.heap.length;
  }

  push(tick: number, run: () => void): Scheduled {
    const item: Scheduled = { tick, seq: this.seqNext++, run, cancelled: false, index: this.heap.length };
    this.heap.push(item);
    this.siftUp(item, this.heap.length - 1);
    return item;
  }

  /**
   * Puts an item that is not waiting (new, popped or cancelled) back in the heap at `tick` with a
   * fresh seq: what cancelling it and pushing a new item would do, without a new item.
   */
  requeue(item: Scheduled, tick: number): void {
    if (item.index >= 0) this.cancel(item);
    item.tick = tick;
    item.seq = this.seqNext++;
    item.cancelled = false;
    item.index = this.heap.length;
    this.heap.push(item);
    this.siftUp(item, this.heap.length - 1);
  }

  /** Cancels an item and takes it out of the heap (O(log n)); cancelling twice is harmless. */
  cancel(item: Scheduled): void {
    item.cancelled = true;
    const i = item.index;
    if (i < 0) return;
    item.index = -1;
    const heap = this.heap;
    const last = heap.pop()!;
    if (last === item) return;
    last.index = i;
    if (i > 0 && before(last, heap[(i - 1) >> 1])) this.siftUp(last, i);
    else this.siftDown(last, i);
  }

  /** Drops flagged items from the top, so the next tick is a real one. */
  private skipCancelled(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.popRaw();
  }

  peekTick(): number | undefined {
    this.skipCancelled();
    return this.heap.length > 0 ? this.heap[0].tick : undefined;
  }

  /** The next item to run (cancelled ones dropped), left in the heap; `popNext` takes it. */
  peekNext(): Scheduled | undefined {
    this.skipCancelled();
    return this.heap.length > 0 ? this.heap[0] : undefined;
  }

  /** Takes the item `peekNext` returned, with nothing done to the queue since. */
  popNext(): Scheduled {
    return this.popRaw()!;
  }

  pop(): Scheduled | undefined {
    this.skipCancelled();
    return this.popRaw();
  }

  private popRaw(): Scheduled | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    top.index = -1;
    const last = heap.pop()!;
    if (heap.length > 0) this.siftDown(last, 0);
    return top;
  }

  private siftUp(item: Scheduled, from: number): void {
    const heap = this.heap;
    let i = from;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (!before(item, p)) break;
      heap[i] = p;
      p.index = i;
      i = parent;
    }
    heap[i] = item;
    item.index = i;
  }

  private siftDown(item: Scheduled, from: number): void {
    const heap = this.heap;
    const n = heap.length;
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(heap[r], heap[l]) ? r : l;
      const c = heap[child];
      if (!before(c, item)) break;
      heap[i] = c;
      c.index = i;
      i = child;
    }
    heap[i] = item;
    item.index = i;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.tick < b.tick || (a.tick === b.tick && a.seq < b.seq);
}
