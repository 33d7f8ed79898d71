// The activation bars a window of diagram rows shows, found without walking every activation of
// the run. Activations are kept in the order they started (so by their first row); each block of
// BLOCK of them remembers the latest row and seq any of its members reaches (an activation still
// open reaches everything), so a query skips whole blocks that ended above the window. A frame's
// work then follows the window and the blocks, not the run: at 2,000,000 events a walk over every
// activation was most of a playing frame.

import type { Activation } from '../../projections/sequence-layout';

const BLOCK = 64;

/** An activation drawn in the window: `toRow` is where its bar ends at the cursor. */
export interface ShownActivation {
  a: Activation;
  toRow: number;
  running: boolean;
}

export class ActivationWindow {
  #source: readonly Activation[] | null = null;
  /** Per block: the largest toRow, and the largest endSeq (Infinity while one is open). */
  #maxToRow: number[] = [];
  #maxEndSeq: number[] = [];
  /** The first activation that was still open when the blocks were last summed. */
  #firstOpen = 0;
  #summed = 0;

  /**
   * Sums the blocks again where they may have changed: the ones from the first activation open
   * at the last call (closing sets its end), and the ones added since. Call when the run grew.
   */
  refresh(all: readonly Activation[]): void {
    if (all !== this.#source) {
      this.#source = all;
      this.#maxToRow = [];
      this.#maxEndSeq = [];
      this.#firstOpen = 0;
      this.#summed = 0;
    }
    const from = Math.min(this.#firstOpen, this.#summed);
    let firstOpen = all.length;
    for (let b = Math.floor(from / BLOCK); b * BLOCK < all.length; b++) {
      let maxToRow = -1;
      let maxEndSeq = -1;
      const end = Math.min(all.length, (b + 1) * BLOCK);
      for (let i = b * BLOCK; i < end; i++) {
        const a = all[i]!;
        if (a.toRow > maxToRow) maxToRow = a.toRow;
        if (a.endSeq === null) {
          maxEndSeq = Number.POSITIVE_INFINITY;
          if (i < firstOpen) firstOpen = i;
        } else if (a.endSeq > maxEndSeq) maxEndSeq = a.endSeq;
      }
      this.#maxToRow[b] = maxToRow;
      this.#maxEndSeq[b] = maxEndSeq;
    }
    this.#firstOpen = Math.min(firstOpen, all.length);
    this.#summed = all.length;
  }

  /**
   * Activations with a bar in rows `first`…`last` with the cursor at trace position `at` (rows
   * before it: `rowCount`): started before the cursor, and either still running there (the bar
   * runs to the newest row) or ended at or below `first`.
   */
  query(first: number, last: number, at: number, rowCount: number): ShownActivation[] {
    const all = this.#source;
    if (!all) return [];
    // Activations start in row order: stop at the first that starts below the window.
    let end = Math.min(all.length, this.#summed);
    let lo = 0;
    while (lo < end) {
      const mid = (lo + end) >>> 1;
      if (all[mid]!.fromRow <= last) lo = mid + 1;
      else end = mid;
    }
    const lastRow = rowCount - 1;
    const out: ShownActivation[] = [];
    for (let b = 0; b * BLOCK < end; b++) {
      // Every member ended before the cursor, above the window: nothing here to draw.
      if (this.#maxEndSeq[b]! < at && this.#maxToRow[b]! < first) continue;
      const stop = Math.min(end, (b + 1) * BLOCK);
      for (let i = b * BLOCK; i < stop; i++) {
        const a = all[i]!;
        if (a.startSeq >= at) continue;
        const running = a.endSeq === null || a.endSeq >= at;
        const toRow = running ? lastRow : a.toRow;
        if (toRow < first || toRow < a.fromRow) continue;
        out.push({ a, toRow, running });
      }
    }
    return out;
  }
}
