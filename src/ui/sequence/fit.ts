// How a wide sequence diagram fits the live view: a diagram wider than the view first closes up
// its columns and margins (text keeps its size), then shrinks down to SCALE_MIN, then pans
// sideways under its sticky participants. Labels are drawn at 12.5 px, so SCALE_MIN keeps them
// at 11 px or more on screen.

/** A wide diagram shrinks to fit only this far (12.5 px labels stay ≥ 11 px); beyond it, it pans. */
export const SCALE_MIN = 0.9;
/** How far a wide diagram closes up before it shrinks: room for a box, a tick label, a note flipped left. */
export const COLUMN_MIN = 140;
export const MARGIN_LEFT_MIN = 80;
export const MARGIN_RIGHT_MIN = 75;

export interface DiagramFit {
  /** Width of the drawing in its own units. */
  width: number;
  /** Maps the layout's x to the drawing's. */
  X: (x: number) => number;
  /** Screen pixels per drawing unit. */
  scale: number;
  /** Columns were closed up: rows and activations need their x mapped through `X`. */
  closed: boolean;
}

export interface FitInput {
  /** Width of the view the diagram scrolls in, in px. */
  viewWidth: number;
  /** The layout's own width and lifeline count. */
  naturalWidth: number;
  lifelineCount: number;
  columnWidth: number;
  marginX: number;
}

export function fitDiagram({ viewWidth, naturalWidth, lifelineCount, columnWidth, marginX }: FitInput): DiagramFit {
  const avail = viewWidth - 4;
  if (naturalWidth <= avail || lifelineCount === 0) return { width: naturalWidth, X: (x) => x, scale: 1, closed: false };
  const gaps = Math.max(1, lifelineCount - 1);
  const closed = Math.max(COLUMN_MIN, Math.min(columnWidth, (avail - MARGIN_LEFT_MIN - MARGIN_RIGHT_MIN) / gaps));
  const width = MARGIN_LEFT_MIN + (lifelineCount - 1) * closed + MARGIN_RIGHT_MIN;
  const k = closed / columnWidth;
  return { width, X: (x) => MARGIN_LEFT_MIN + (x - marginX) * k, scale: Math.max(SCALE_MIN, Math.min(1, avail / width)), closed: true };
}

/** Wider than the view even at the smallest scale: the diagram pans sideways. */
export function pans(fit: DiagramFit, viewWidth: number): boolean {
  return fit.width * SCALE_MIN > viewWidth + 4;
}
