// A service's running invocations, in the order they started: what a crash kills. An array with
// holes, each invocation knowing its slot, instead of a Set: a Set grows and rehashes its table
// as invocations come and go (one added and one deleted per delivery), an array only writes.

import type { Invocation } from './invocation';

export class LiveInvocations {
  private slots: (Invocation | null)[] = [];
  private holes = 0;

  get size(): number {
    return this.slots.length - this.holes;
  }

  add(inv: Invocation): void {
    inv.liveSlot = this.slots.length;
    this.slots.push(inv);
  }

  /** Takes `inv` out (nothing when it is not in). */
  delete(inv: Invocation): void {
    const slot = inv.liveSlot;
    if (slot < 0 || this.slots[slot] !== inv) return;
    inv.liveSlot = -1;
    if (slot === this.slots.length - 1) {
      this.slots.pop();
      while (this.holes > 0 && this.slots[this.slots.length - 1] === null) {
        this.slots.pop();
        this.holes--;
      }
      return;
    }
    this.slots[slot] = null;
    if (++this.holes > 32 && this.holes * 2 > this.slots.length) this.compact();
  }

  /** The invocations in the order they started. */
  toArray(): Invocation[] {
    const out: Invocation[] = [];
    for (const inv of this.slots) if (inv !== null) out.push(inv);
    return out;
  }

  clear(): void {
    for (const inv of this.slots) if (inv !== null) inv.liveSlot = -1;
    this.slots = [];
    this.holes = 0;
  }

  private compact(): void {
    const kept = this.toArray();
    kept.forEach((inv, i) => (inv.liveSlot = i));
    this.slots = kept;
    this.holes = 0;
  }
}
