// The page's trace as an array that is not there. A streamed run is kept in its compact form
// (the worker's columns, appended chunk by chunk: engine/trace/chunk.ts), and views that read
// `run.trace[i]`, iterate it or slice it get event objects built on demand from the columns
// (`TraceColumns.event`: the same keys, values and JSON as the engine's). A 2,000,000-event run
// then costs the page tens of bytes per event instead of an object graph per event, and the
// garbage collector no longer walks millions of retained objects while the run plays.
//
// The array is a read-only Proxy over an empty Array (so Array.isArray, the Array methods and
// JSON.stringify see an array of `length` events). The events built last are kept in a bounded
// cache, so the rows a view reads repeatedly (the cursor's event, visible diagram rows, the
// inspector's) are the same objects from one read to the next.

import type { TraceEvent } from '../../engine/trace/types';
import type { TraceColumns } from '../../engine/trace/columns';
import { lazyArray } from '../../engine/trace/lazy-array';

/** Events kept built at once; past this the cache starts over (a whole-trace scan does not pin them all). */
export const BUILT_EVENTS_MAX = 8192;

export function lazyTrace(columns: TraceColumns): TraceEvent[] {
  let built = new Map<number, TraceEvent>();
  const eventAt = (i: number): TraceEvent => {
    let e = built.get(i);
    if (e === undefined) {
      if (built.size >= BUILT_EVENTS_MAX) built = new Map();
      e = columns.event(i);
      built.set(i, e);
    }
    return e;
  };
  return lazyArray(() => columns.length, eventAt);
}
