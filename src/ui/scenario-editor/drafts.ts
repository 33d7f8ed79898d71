// Scenarios being edited, kept in this browser as typed: the JSON text itself (even when it is
// not valid JSON yet), per scenario id, under `brokerlab:scenarios:v1`, with where the canvas's
// nodes were left (`positions`, by node id). Positions live beside the text, never in it: the
// scenario the engine runs (and so its trace hash, its share link and its export) is the same
// wherever its nodes are dragged. Writing can fail (quota, private mode); the editor says so
// instead of pretending it saved.

const KEY = 'brokerlab:scenarios:v1';
const DRAFTS_MAX = 50;
const POSITIONS_MAX = 2_000;
const COORDINATE_MAX = 1e6;

export interface NodePosition {
  x: number;
  y: number;
}

export interface ScenarioDraft {
  id: string;
  text: string;
  savedAt: number;
  /** Canvas node id → where the user left it (editor-only; the engine never sees it). */
  positions?: Record<string, NodePosition>;
}

const isCoordinate = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= COORDINATE_MAX;

/** Positions read back from storage: anything that is not a plain map of finite points is dropped. */
function cleanPositions(raw: unknown): Record<string, NodePosition> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const out: Record<string, NodePosition> = Object.create(null) as Record<string, NodePosition>;
  let n = 0;
  for (const [id, p] of Object.entries(raw)) {
    if (n >= POSITIONS_MAX) break;
    const point = p as { x?: unknown; y?: unknown } | null;
    if (typeof point === 'object' && point !== null && isCoordinate(point.x) && isCoordinate(point.y)) {
      out[id] = { x: point.x as number, y: point.y as number };
      n++;
    }
  }
  return n > 0 ? out : undefined;
}

export function readDrafts(): ScenarioDraft[] {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((d): d is ScenarioDraft => typeof d?.id === 'string' && typeof d?.text === 'string')
      .slice(0, DRAFTS_MAX)
      .map((d) => {
        const positions = cleanPositions(d.positions);
        return { id: d.id, text: d.text, savedAt: typeof d.savedAt === 'number' ? d.savedAt : 0, ...(positions ? { positions } : {}) };
      });
  } catch {
    return [];
  }
}

function write(drafts: ScenarioDraft[]): boolean {
  try {
    localStorage.setItem(KEY, JSON.stringify(drafts.slice(0, DRAFTS_MAX)));
    return true;
  } catch {
    return false;
  }
}

/** Saves one draft's text first in the list (its positions stay); false when the browser refused to store it. */
export function saveDraft(id: string, text: string, now: number): boolean {
  const drafts = readDrafts();
  const positions = drafts.find((d) => d.id === id)?.positions;
  return write([{ id, text, savedAt: now, ...(positions ? { positions } : {}) }, ...drafts.filter((d) => d.id !== id)]);
}

/** Where a draft's canvas nodes are (empty when never moved). */
export function readPositions(id: string): Record<string, NodePosition> {
  return readDrafts().find((d) => d.id === id)?.positions ?? {};
}

/** Keeps the canvas's node positions with a saved draft (empty: back to the automatic layout). */
export function savePositions(id: string, positions: Record<string, NodePosition>): boolean {
  const drafts = readDrafts();
  const draft = drafts.find((d) => d.id === id);
  if (!draft) return false;
  const clean = cleanPositions(positions);
  const { positions: _old, ...rest } = draft;
  return write(drafts.map((d) => (d === draft ? { ...rest, ...(clean ? { positions: clean } : {}) } : d)));
}
