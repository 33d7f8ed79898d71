// Where the canvas puts each node: a layered top-to-bottom layout from elkjs (the Eclipse Layout
// Kernel), so producers sit above the queues they feed and consumers below them (a canvas beside the form
// is about as tall as it is wide, and node text runs across). elkjs is
// 1.6 MB and only the canvas needs it: it is imported on first use. Node sizes are estimated from
// their text (the same estimate the node component is drawn to), so the layout can run before the
// nodes are on screen.

import type { GraphEdge, GraphNode } from './graph';

export interface Placed {
  x: number;
  y: number;
}

const CHAR_PX = 7.2;
export const NODE_MIN_WIDTH_PX = 150;
export const NODE_MAX_WIDTH_PX = 240;

/** The box a node is drawn in (ScenarioNode.svelte fixes its width to this). */
export function nodeSize(n: GraphNode): { width: number; height: number } {
  const longest = Math.max(n.label.length + n.type.length * 0.9 + 2, ...n.lines.map((l) => l.length));
  const width = Math.min(NODE_MAX_WIDTH_PX, Math.max(NODE_MIN_WIDTH_PX, Math.round(longest * CHAR_PX + 28)));
  const height = 44 + n.lines.length * 17 + (n.issues.length > 0 ? 34 : 0);
  return { width, height };
}

type Elk = { layout: (graph: object) => Promise<{ children?: { id: string; x?: number; y?: number }[] }> };
let elk: Promise<Elk> | null = null;

export async function layoutGraph(nodes: GraphNode[], edges: GraphEdge[]): Promise<Map<string, Placed>> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default() as unknown as Elk);
  const engine = await elk;
  const ids = new Set(nodes.map((n) => n.id));
  const result = await engine.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '36',
      // Room for an edge's label between two layers.
      'elk.layered.spacing.nodeNodeBetweenLayers': '64',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.separateConnectedComponents': 'true',
    },
    children: nodes.map((n) => ({ id: n.id, ...nodeSize(n) })),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target).map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
  });
  return new Map((result.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}
