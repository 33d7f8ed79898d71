// JSON values: scenarios, message bodies, database values and trace payloads are all plain
// JSON so that a whole run's inputs fit in a file or a link and every output can be hashed.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Deep copy of a JSON value; isolates stored values from handler code that mutates them. The
 * result is `JSON.parse(JSON.stringify(value))`'s, built directly (V8 copies small objects several
 * times faster than it writes and parses their text): plain objects and arrays of strings,
 * booleans, null and finite numbers (-0 becomes 0, as in JSON). Anything else on the way — a
 * hole, undefined, a function, NaN, a class instance or a Date (toJSON), a `__proto__` key, a
 * nesting deeper than COPY_DEPTH_MAX (a cycle) — and the whole value takes the text round trip,
 * so the answer (or the error) is JSON's.
 */
export function cloneJson<T extends Json | undefined>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const copy = copyPlain(value, 0);
  return (copy === NOT_PLAIN ? JSON.parse(JSON.stringify(value)) : copy) as T;
}

const NOT_PLAIN = Symbol('not plain JSON');
const COPY_DEPTH_MAX = 100;
const OBJECT_PROTO = Object.prototype;
const ARRAY_PROTO = Array.prototype;

/** A copy of a plain JSON value, or NOT_PLAIN where JSON's text would say something else. */
function copyPlain(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return value === 0 ? 0 : Number.isFinite(value) ? value : NOT_PLAIN;
    case 'object': {
      if (value === null) return null;
      if (depth > COPY_DEPTH_MAX) return NOT_PLAIN;
      const proto = Object.getPrototypeOf(value);
      if (Array.isArray(value)) {
        if (proto !== ARRAY_PROTO) return NOT_PLAIN;
        const n = value.length;
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) {
          const v = copyPlain(value[i], depth + 1);
          if (v === NOT_PLAIN) return NOT_PLAIN;
          out.push(v);
        }
        return out;
      }
      if (proto !== OBJECT_PROTO && proto !== null) return NOT_PLAIN;
      const from = value as Record<string, unknown>;
      const keys = Object.keys(from);
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (key === '__proto__') return NOT_PLAIN;
        const v = copyPlain(from[key], depth + 1);
        if (v === NOT_PLAIN) return NOT_PLAIN;
        out[key] = v;
      }
      return out;
    }
    default:
      return NOT_PLAIN;
  }
}

/** Is this a JSON value? Used to reject functions, cycles, NaN and the like at the boundary. */
export function isJson(value: unknown, depth = 0): value is Json {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJson(v, depth + 1));
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(value as object).every((v) => isJson(v, depth + 1));
  }
  return false;
}

/** Freezes a JSON value all the way down: a message, once sent, cannot be changed by anyone. */
export function deepFreeze<T extends Json>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    // (no Object.values: a message's body and headers are frozen on every publish)
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
    else for (const key in value) if (Object.hasOwn(value, key)) deepFreeze((value as Record<string, Json>)[key]);
  }
  return value;
}
