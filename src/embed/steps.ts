// Steps of a run for slides: one step is one row of the sequence diagram (an arrow or a note),
// the unit a speaker wants per click. These pure helpers convert between steps and trace
// positions (the playground's cursor, events that have happened) and cut a layout down to the
// rows shown so far, clipping activation bars at the current row.

import { rowsBefore, type Row, type SequenceLayout } from '../projections/sequence-layout';
import { NOTE_CHARS_MAX, noteWidth, noteX, truncate } from '../projections/sequence-svg';
import type { FoundMoment } from '../projections/key-moments';

/** Trace position right after the `step`-th row's event (0 before the first row). */
export function positionOfStep(rows: readonly Row[], step: number): number {
  if (step <= 0) return 0;
  const row = rows[Math.min(step, rows.length) - 1];
  return row ? row.seq + 1 : 0;
}

/** Rows already drawn at trace position `position`. */
export function stepOfPosition(rows: readonly Row[], position: number): number {
  return rowsBefore(rows, position);
}

export function clampStep(step: number, total: number): number {
  return Math.max(0, Math.min(Math.trunc(step), total));
}

/** The layout with only its first `step` rows: what the audience has seen so far. */
export function layoutUpTo(layout: SequenceLayout, step: number): SequenceLayout {
  if (step >= layout.rows.length) return layout;
  const rows = layout.rows.slice(0, step);
  const last = step - 1;
  const activations = layout.activations
    .filter((a) => a.fromRow <= last)
    .map((a) => (a.toRow > last ? { ...a, toRow: last, endSeq: null, failed: false } : a));
  return {
    ...layout,
    rows,
    arrows: layout.arrows.filter((a) => a.row < step),
    notes: layout.notes.filter((n) => n.row < step),
    activations,
    rowCount: step,
  };
}

/** The caption of a step: what happened, in one line (the trace's own explanation). */
export function captionOf(row: Row | undefined, text: string | undefined): string {
  if (!row) return '';
  const what = row.type === 'arrow' ? `${row.from} → ${row.to}: ${row.label}` : `${row.lifeline}: ${row.text}`;
  return text && !what.includes(text) ? `${what} — ${text}` : what;
}

/**
 * Stepping by key moments (`steps=key`): the steps to stop at — each moment's row (the diagram
 * up to and including its event), then the end of the run — ascending, without repeats.
 */
export function keyStops(rows: readonly Row[], moments: readonly FoundMoment[]): number[] {
  const stops = new Set<number>();
  for (const m of moments) {
    const step = stepOfPosition(rows, m.position);
    if (step > 0) stops.add(step);
  }
  if (rows.length > 0) stops.add(rows.length);
  return [...stops].sort((a, b) => a - b);
}

/** The next (+1) or previous (-1) stop from `step`: the end (or 0) when none is left. */
export function adjacentStop(stops: readonly number[], step: number, direction: 1 | -1, total: number): number {
  if (direction > 0) return stops.find((s) => s > step) ?? total;
  for (let i = stops.length - 1; i >= 0; i--) if (stops[i]! < step) return stops[i]!;
  return 0;
}

/** The key moment shown at `step` (its row is the step's last), if any. */
export function momentAtStep(rows: readonly Row[], moments: readonly FoundMoment[], step: number): FoundMoment | undefined {
  if (step <= 0) return undefined;
  return moments.find((m) => stepOfPosition(rows, m.position) === step);
}

/** Room kept beside a row brought into view sideways, in screen px. */
const SIDE_MARGIN_PX = 24;

/**
 * Where a wide diagram's view should start sideways (scrollLeft, in screen px) so the current
 * row can be seen: unchanged when the row is already in view; else moved just enough to show
 * it whole; a row wider than the view (a long arrow) is shown around its end — the arrow's head,
 * where the message lands. `scale` is screen px per layout unit.
 */
export function sideScrollFor(row: Row, layoutWidth: number, scale: number, viewLeft: number, viewWidth: number): number {
  const [from, to, end] = row.type === 'arrow'
    ? [Math.min(row.fromX, row.toX), Math.max(row.fromX, row.toX), row.toX]
    : ((w: number) => { const x = noteX(row, w, layoutWidth); return [x, x + w, x + w]; })(noteWidth(truncate(row.text, NOTE_CHARS_MAX)));
  const left = from * scale - SIDE_MARGIN_PX;
  const right = to * scale + SIDE_MARGIN_PX;
  if (left >= viewLeft && right <= viewLeft + viewWidth) return viewLeft;
  if (right - left <= viewWidth) return Math.max(0, left < viewLeft ? left : right - viewWidth);
  return Math.max(0, end * scale - viewWidth / 2);
}
