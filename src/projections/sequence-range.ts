// A slice of a sequence layout: the rows whose events lie in a range of trace positions, for
// exporting part of a run as SVG or PNG (the same range the mermaid export takes). Rows are
// renumbered from the top, only the lifelines the slice uses are kept (closed up, in their
// order), and activation bars are clipped to the slice. Labels stay what the whole run gave
// them, so a delivery of a message published before the range still says what it is.

import type { Activation, Arrow, Note, Row, SequenceLayout } from './sequence-layout-types';
import { LAYOUT_DEFAULTS } from './sequence-layout-types';

/** The part of `layout` whose rows draw events `fromSeq`…`toSeq` (inclusive). */
export function layoutRange(layout: SequenceLayout, fromSeq: number, toSeq: number): SequenceLayout {
  const picked = layout.rows.filter((r) => r.seq >= fromSeq && r.seq <= toSeq);
  const first = picked[0]?.row ?? 0;
  const last = picked.at(-1)?.row ?? -1;
  // Index of the first picked row at or after original row `row`, and of the last at or before it.
  const after = (row: number) => { const i = picked.findIndex((r) => r.row >= row); return i < 0 ? picked.length : i; };
  const before = (row: number) => { let i = picked.length - 1; while (i >= 0 && picked[i]!.row > row) i--; return i; };
  const bars = layout.activations.filter((a) => a.toRow >= a.fromRow && a.fromRow <= last && a.toRow >= first);

  const used = new Set<string>();
  for (const r of picked) for (const name of r.type === 'arrow' ? [r.from, r.to] : [r.lifeline]) used.add(name);
  for (const a of bars) used.add(a.lifeline);
  const columnWidth = layout.lifelines.length > 1 ? layout.lifelines[1]!.x - layout.lifelines[0]!.x : LAYOUT_DEFAULTS.columnWidth;
  const marginX = layout.lifelines[0]?.x ?? LAYOUT_DEFAULTS.marginX;
  const lifelines = layout.lifelines.filter((l) => used.has(l.name)).map((l, i) => ({ ...l, x: marginX + i * columnWidth }));
  const xOf = new Map(lifelines.map((l) => [l.name, l.x]));
  const x = (name: string) => xOf.get(name) ?? marginX;
  const rowY = (row: number) => layout.headerHeight + layout.rowHeight * (row + 1);

  const rows: Row[] = picked.map((r, row) => r.type === 'arrow'
    ? { ...r, row, y: rowY(row), fromX: x(r.from), toX: x(r.to) }
    : { ...r, row, y: rowY(row), x: x(r.lifeline) });
  const activations: Activation[] = bars.map((a) => ({ ...a, x: x(a.lifeline), fromRow: after(a.fromRow), toRow: before(a.toRow) }));
  return {
    lifelines, rows, activations,
    arrows: rows.filter((r): r is Arrow => r.type === 'arrow'),
    notes: rows.filter((r): r is Note => r.type === 'note'),
    width: marginX * 2 + (Math.max(lifelines.length, 1) - 1) * columnWidth,
    height: rowY(rows.length) + layout.rowHeight,
    headerHeight: layout.headerHeight, rowHeight: layout.rowHeight, rowCount: rows.length, truncated: false,
  };
}
