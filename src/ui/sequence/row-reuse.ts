// Row reuse in the live diagram: the rows of the window, as the view draws them, and the element
// each one is drawn in. Two things are kept from frame to frame:
// - a row's closed-up copy (its x mapped through the fit, fit.ts), the same object while the fit
//   and the run stay, so a row that stays in the window is not updated again;
// - a key per row that names its element. A row that leaves the window gives its key back, and
//   the next row of the same type (arrow or note) to come in takes it, so the keyed `{#each}`
//   moves and updates that element instead of destroying one and building another. Playing at
//   "max" replaces the whole window every frame: building and dropping ~40 rows' elements and
//   effects a frame was a large part of the frame, and their garbage fed the major collections
//   that made the longest tasks while a run streamed in.

import type { Row } from '../../projections/sequence-layout';
import type { DiagramFit } from './fit';

export class RowReuse {
  #closed = new WeakMap<Row, Row>();
  #closedFor: DiagramFit | null = null;
  #closedVersion = -1;
  /** The key of each row in the window, by seq. */
  #keyOf = new Map<number, number>();
  /** Keys given back, by row type: an arrow's element is reused for an arrow, a note's for a note. */
  #free: Record<Row['type'], number[]> = { arrow: [], note: [] };
  #made = 0;

  /**
   * The rows of the window as drawn (`slice`: the layout's rows in the window), with their keys
   * assigned. `version` is the run's: a new batch may move a pending delivery arrow to its
   * service's lifeline, so closed-up copies are made again. `keep`: a row whose key must not go
   * to another row when it leaves (the focused one: its element keeps the focus).
   */
  window(slice: readonly Row[], fit: DiagramFit, version: number, keep: number | null = null): Row[] {
    const rows = fit.closed ? this.#closeUp(slice, fit, version) : (slice as Row[]);
    this.#assign(rows, keep);
    return rows;
  }

  /** The element key of a row of the last window. */
  key(row: Row): number {
    return this.#keyOf.get(row.seq) ?? -1 - row.seq;
  }

  #closeUp(slice: readonly Row[], fit: DiagramFit, version: number): Row[] {
    if (this.#closedFor !== fit || this.#closedVersion !== version) {
      this.#closedFor = fit;
      this.#closedVersion = version;
      this.#closed = new WeakMap();
    }
    const X = fit.X;
    return slice.map((r): Row => {
      let c = this.#closed.get(r);
      if (!c) {
        c = r.type === 'arrow' ? { ...r, fromX: X(r.fromX), toX: X(r.toX) } : { ...r, x: X(r.x) };
        this.#closed.set(r, c);
      }
      return c;
    });
  }

  #assign(rows: readonly Row[], keep: number | null): void {
    const types = new Map<number, Row['type']>();
    for (const r of rows) types.set(r.seq, r.type);
    for (const [seq, key] of this.#keyOf) {
      if (types.has(seq)) continue;
      this.#keyOf.delete(seq);
      // Arrow keys are even, note keys odd (see below): the key says which pool it goes back to.
      if (seq !== keep) this.#free[key % 2 === 0 ? 'arrow' : 'note'].push(key);
    }
    for (const r of rows) {
      if (this.#keyOf.has(r.seq)) continue;
      const key = this.#free[r.type].pop() ?? 2 * this.#made++ + (r.type === 'arrow' ? 0 : 1);
      this.#keyOf.set(r.seq, key);
    }
  }
}
