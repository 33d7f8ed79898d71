// A read-only array whose items are built when read: a Proxy over an empty Array, so
// Array.isArray, the Array methods, iteration and JSON.stringify all see `length()` items and
// `at(i)` is called only for the items a reader touches. The page keeps long runs in columns
// (the trace, the diagram's rows) and hands views these arrays instead of an object per item;
// the checks read a run's columnar trace through one (checks/trace-source.ts).

/** The index a property key names when it is an array index below `length`, else -1. */
function indexOf(key: string | symbol, length: number): number {
  if (typeof key !== 'string' || key.length === 0) return -1;
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57) return -1;
  const i = Number(key);
  return Number.isInteger(i) && i < length && String(i) === key ? i : -1;
}

/** An array of `length()` items whose item i is `at(i)`; writes are refused. */
export function lazyArray<T>(length: () => number, at: (i: number) => T): T[] {
  const target: T[] = [];
  return new Proxy(target, {
    get(t, key, receiver) {
      if (key === 'length') return length();
      const i = indexOf(key, length());
      if (i >= 0) return at(i);
      return Reflect.get(t, key, receiver) as unknown;
    },
    has(t, key) {
      return indexOf(key, length()) >= 0 || Reflect.has(t, key);
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
      if (key === 'length') return { value: length(), writable: true, enumerable: false, configurable: false };
      const i = indexOf(key, length());
      if (i >= 0) return { value: at(i), writable: false, enumerable: true, configurable: true };
      return Reflect.getOwnPropertyDescriptor(t, key);
    },
    ownKeys() {
      const keys: string[] = [];
      const n = length();
      for (let i = 0; i < n; i++) keys.push(String(i));
      keys.push('length');
      return keys;
    },
  });
}
