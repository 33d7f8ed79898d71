// One cursor in virtual time over several runs (brokers compared, what-if branches): at tick T
// each run shows its events up to T, so the same moment lines up whatever the runs' event
// counts. Pure functions over the traces; the pages keep the tick.

import type { TraceEvent } from '../../engine/trace/types';

/** Events with tick ≤ t (the trace is in tick order). */
export function positionAtTick(trace: readonly TraceEvent[], t: number): number {
  let lo = 0;
  let hi = trace.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (trace[mid]!.tick <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The next (+1) or previous (-1) tick after `tick` at which something happens in any trace, or null. */
export function adjacentTick(traces: readonly (readonly TraceEvent[])[], tick: number, direction: 1 | -1): number | null {
  let best: number | null = null;
  for (const trace of traces) {
    const candidate = direction > 0 ? trace[positionAtTick(trace, tick)]?.tick : trace[positionAtTick(trace, tick - 1) - 1]?.tick;
    if (candidate === undefined) continue;
    if (best === null || (direction > 0 ? candidate < best : candidate > best)) best = candidate;
  }
  return best;
}
