// Timeline markers: the moments worth jumping to — faults, failures and dead-letters — found in
// the trace as it arrives. "Next/previous fault or failure" in the playground is a search in this
// list by trace position.

import type { TraceEvent } from '../engine/trace/types';

export type MarkerKind = 'fault' | 'failure' | 'dead-letter';

export interface Marker {
  seq: number;
  tick: number;
  kind: MarkerKind;
  text: string;
}

export function markerOf(e: TraceEvent): Marker | null {
  const at = { seq: e.seq, tick: e.tick };
  switch (e.kind) {
    case 'fault.injected': return { ...at, kind: 'fault', text: e.text ?? `fault ${e.data.fault}` };
    case 'service.crashed': return { ...at, kind: 'fault', text: `${e.data.service} crashed` };
    case 'handler.failed': return { ...at, kind: 'failure', text: `${e.data.service}.${e.data.handler}: ${e.data.error}` };
    case 'message.unroutable':
    case 'message.dropped':
    case 'request.refused':
    case 'check.failed': return { ...at, kind: 'failure', text: e.text ?? e.kind };
    case 'message.dead-lettered': return { ...at, kind: 'dead-letter', text: `${e.messageId ?? ''} dead-lettered: ${e.data.reason}` };
    default: return null;
  }
}

export function collectMarkers(events: readonly TraceEvent[], into: Marker[] = []): Marker[] {
  for (const e of events) {
    const m = markerOf(e);
    if (m) into.push(m);
  }
  return into;
}

/**
 * The position to jump to for the next (+1) or previous (-1) marker from `position`: a marker at
 * seq s is "reached" at position s + 1 (its event applied). Undefined when there is none.
 */
export function jumpToMarker(markers: readonly Marker[], position: number, direction: 1 | -1, kinds?: readonly MarkerKind[]): number | undefined {
  const wanted = (m: Marker) => !kinds || kinds.includes(m.kind);
  if (direction > 0) {
    for (const m of markers) if (m.seq + 1 > position && wanted(m)) return m.seq + 1;
    return undefined;
  }
  for (let i = markers.length - 1; i >= 0; i--) {
    const m = markers[i]!;
    if (m.seq + 1 < position && wanted(m)) return m.seq + 1;
  }
  return undefined;
}
