// The canvas keeps where its nodes were dragged beside the draft's text (never in it), and its
// edge labels do not sit on each other (src/ui/scenario-editor/drafts.ts, edge-labels.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bezierStops, labelSize, placeLabels, type Box, type LabelRequest } from '../../src/ui/scenario-editor/edge-labels';
import { readDrafts, readPositions, saveDraft, savePositions } from '../../src/ui/scenario-editor/drafts';
import { scenarioGraph } from '../../src/ui/scenario-editor/graph';
import { builtinScenarios } from '../../src/scenarios/index';
import { runScenario } from '../../src/engine/index';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), clear: () => m.clear(), key: () => null, length: 0 };
}

describe('canvas positions beside the draft', () => {
  beforeEach(() => void ((globalThis as { localStorage?: unknown }).localStorage = memoryStorage()));
  afterEach(() => void delete (globalThis as { localStorage?: unknown }).localStorage);

  it('are kept with the draft, survive saving its text, and leave the text alone', () => {
    const text = JSON.stringify(builtinScenarios[0], null, 2);
    saveDraft('mine', text, 1);
    expect(savePositions('mine', { 'svc:Shop': { x: 10, y: 20 }, 'ent:orders': { x: -5.5, y: 300 } })).toBe(true);
    saveDraft('mine', text, 2);
    expect(readPositions('mine')).toEqual({ 'svc:Shop': { x: 10, y: 20 }, 'ent:orders': { x: -5.5, y: 300 } });
    expect(readDrafts()[0]!.text).toBe(text);
    // The same text runs to the same trace: the hash cannot see positions.
    expect(runScenario(JSON.parse(readDrafts()[0]!.text), { seed: 1 }).hash).toBe(runScenario(builtinScenarios[0]!, { seed: 1 }).hash);
    savePositions('mine', {});
    expect(readPositions('mine')).toEqual({});
  });

  it('drops stored positions that are not finite points', () => {
    localStorage.setItem('brokerlab:scenarios:v1', JSON.stringify([{ id: 'x', text: '{}', savedAt: 1, positions: { a: { x: 1, y: 2 }, b: { x: 'NaN', y: 1 }, c: null, d: { x: 1e300, y: 0 } } }]));
    expect(readPositions('x')).toEqual({ a: { x: 1, y: 2 } });
    expect(savePositions('nobody', { a: { x: 1, y: 1 } })).toBe(false);
  });
});

const overlaps = (a: Box, b: Box) => Math.abs(a.x - b.x) * 2 < a.width + b.width && Math.abs(a.y - b.y) * 2 < a.height + b.height;

describe('edge labels', () => {
  it('four edges from one row of queues into one service: no two labels overlap', () => {
    // Four queues side by side (nodes are at least 150 px wide, 36 px apart) feeding one service
    // a layer below (64 px between layers): the midpoints crowd.
    const requests: LabelRequest[] = [0, 1, 2, 3].map((i) => ({ id: `e${i}`, ...labelSize(`HandleOrderPlaced${i}`), candidates: bezierStops(75 + i * 190, 0, 360, 64) }));
    const naive = requests.map((r) => ({ x: r.candidates[0]!.x, y: r.candidates[0]!.y, width: r.width, height: r.height }));
    expect(naive.some((a, i) => naive.some((b, j) => i < j && overlaps(a, b)))).toBe(true);
    const chosen = placeLabels(requests);
    const boxes = requests.map((r) => ({ ...r.candidates[chosen.get(r.id)!]!, width: r.width, height: r.height }));
    expect(boxes.some((a, i) => boxes.some((b, j) => i < j && overlaps(a, b)))).toBe(false);
  });

  it('keeps a lone label at its edge\'s middle, and off a node in the way', () => {
    const one: LabelRequest = { id: 'a', width: 60, height: 18, candidates: bezierStops(0, 0, 0, 200) };
    expect(placeLabels([one]).get('a')).toBe(0);
    expect(one.candidates[0]).toEqual({ x: 0, y: 100 });
    expect(placeLabels([one], [{ x: 0, y: 100, width: 100, height: 40 }]).get('a')).not.toBe(0);
  });

  it('is deterministic whatever order the edges register in', () => {
    const g = scenarioGraph(builtinScenarios.find((s) => s.id === 'rabbitmq-routing')!);
    const reqs = g.edges.filter((e) => e.label).map((e, i) => ({ id: e.id, ...labelSize(e.label), candidates: bezierStops(100 + (i % 3) * 50, 0, 120, 150) }));
    expect([...placeLabels([...reqs].reverse())].sort()).toEqual([...placeLabels(reqs)].sort());
  });
});
