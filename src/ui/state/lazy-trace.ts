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

/** Events kept built at once; past this the cache starts over (a whole-trace scan does not pin them all). */
export const BUILT_EVENTS_MAX = 8192;

/** The index a property key names when it is an array index below `length`, else -1. */
function indexOf(key: string | symbol, length: number): number {
  if (typeof key !== 'string' || key.length === 0) return -1;
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57) return -1;
  const i = Number(key);
  return Number.isInteger(i) && i < length && String(i) === key ? i : -1;
}

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
  const target: TraceEvent[] = [];
  return new Proxy(target, {
    get(t, key, receiver) {
      if (key === 'length') return columns.length;
      const i = indexOf(key, columns.length);
      if (i >= 0) return eventAt(i);
      return Reflect.get(t, key, receiver) as unknown;
    },
    has(t, key) {
      return indexOf(key, columns.length) >= 0 || Reflect.has(t, key);
    },
    set() {
      return false;
    },
    deleteProperty() {
      return false;
    },
    defineProperty() {
      return false;
    },
    getOwnPropertyDescriptor(t, key) {
      if (key === 'length') return { value: columns.length, writable: true, enumerable: false, configurable: false };
      const i = indexOf(key, columns.length);
      if (i >= 0) return { value: eventAt(i), writable: false, enumerable: true, configurable: true };
      return Reflect.getOwnPropertyDescriptor(t, key);
    },
    ownKeys() {
      const keys: string[] = [];
      for (let i = 0; i < columns.length; i++) keys.push(String(i));
      keys.push('length');
      return keys;
    },
  });
}
