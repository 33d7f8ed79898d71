// Where each edge label goes on the canvas, so labels do not sit on each other or on a node.
// A busy scenario has several edges between the same two layers (a service consuming from three
// queues, an exchange with four bindings): at their midpoints the labels pile up. Each label may
// sit at a few points along its own edge (the middle first, then a little before and after);
// labels are placed one by one, each at its first point whose box is clear of the nodes and of
// the labels already placed, or, when none is, at the point with the least overlap. Greedy,
// deterministic (labels are taken top to bottom, then left to right, then by id) and pure.

export interface Box {
  /** Centre. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LabelRequest {
  id: string;
  width: number;
  height: number;
  /** Centres the label may take along its edge, preferred first. */
  candidates: { x: number; y: number }[];
}

const GAP_PX = 3;

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width / 2, b.x + b.width / 2) - Math.max(a.x - a.width / 2, b.x - b.width / 2) + GAP_PX;
  const h = Math.min(a.y + a.height / 2, b.y + b.height / 2) - Math.max(a.y - a.height / 2, b.y - b.height / 2) + GAP_PX;
  return w > 0 && h > 0 ? w * h : 0;
}

/** The index of the candidate each label takes. */
export function placeLabels(labels: LabelRequest[], obstacles: Box[] = []): Map<string, number> {
  const order = labels.filter((l) => l.candidates.length > 0).sort((a, b) => a.candidates[0]!.y - b.candidates[0]!.y || a.candidates[0]!.x - b.candidates[0]!.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const placed: Box[] = [...obstacles];
  const chosen = new Map<string, number>();
  for (const l of order) {
    let best = 0;
    let bestCost = Infinity;
    l.candidates.forEach((c, i) => {
      if (bestCost === 0) return;
      const box = { x: c.x, y: c.y, width: l.width, height: l.height };
      const cost = placed.reduce((sum, p) => sum + overlap(box, p), 0);
      if (cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    });
    chosen.set(l.id, best);
    const c = l.candidates[best]!;
    placed.push({ x: c.x, y: c.y, width: l.width, height: l.height });
  }
  return chosen;
}

/** Fractions along an edge a label may sit at, preferred first. */
export const LABEL_STOPS = [0.5, 0.38, 0.62, 0.27, 0.73, 0.18, 0.82];

/**
 * Points along the canvas's bezier edge from a node's bottom handle to another's top handle
 * (the curve @xyflow/svelte draws: control points half the vertical distance below the source
 * and above the target, or 25·√distance·curvature when the target is above).
 */
export function bezierStops(sx: number, sy: number, tx: number, ty: number, curvature = 0.25): { x: number; y: number }[] {
  const d = ty - sy;
  const offset = d >= 0 ? 0.5 * d : curvature * 25 * Math.sqrt(-d);
  const p1 = { x: sx, y: sy + offset };
  const p2 = { x: tx, y: ty - offset };
  return LABEL_STOPS.map((t) => {
    const u = 1 - t;
    const a = u * u * u;
    const b = 3 * u * u * t;
    const c = 3 * u * t * t;
    const e = t * t * t;
    return { x: a * sx + b * p1.x + c * p2.x + e * tx, y: a * sy + b * p1.y + c * p2.y + e * ty };
  });
}

/** A label's box from its text (11 px system font and xyflow's label padding, as drawn). */
export function labelSize(text: string): { width: number; height: number } {
  return { width: Math.ceil(text.length * 6.6) + 12, height: 24 };
}
