// The canvas's edge labels, placed together (edge-labels.ts): each LabeledEdge registers where
// its label may go along its own curve, the canvas gives the nodes' boxes, and every edge reads
// back the spot it got. Shared through Svelte context by ScenarioCanvas.

import { untrack } from 'svelte';
import { placeLabels, type Box, type LabelRequest } from './edge-labels';

export const LABEL_LAYOUT_CONTEXT = 'brokerlab:edge-label-layout';

export class LabelLayout {
  #requests = $state.raw(new Map<string, LabelRequest>());
  #obstacles = $state.raw<Box[]>([]);
  #chosen = $derived(placeLabels([...this.#requests.values()], this.#obstacles));

  // Called from the edges' effects: what they register must not make them depend on each other.
  set(request: LabelRequest): void {
    this.#requests = untrack(() => new Map(this.#requests)).set(request.id, request);
  }

  delete(id: string): void {
    const next = untrack(() => new Map(this.#requests));
    if (next.delete(id)) this.#requests = next;
  }

  set obstacles(boxes: Box[]) {
    this.#obstacles = boxes;
  }

  /** Where the label of this edge goes, once placed. */
  at(id: string): { x: number; y: number } | null {
    const i = this.#chosen.get(id);
    return i === undefined ? null : (this.#requests.get(id)?.candidates[i] ?? null);
  }
}
