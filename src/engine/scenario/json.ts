// JSON values: scenarios, message bodies, database values and trace payloads are all plain
// JSON so that a whole run's inputs fit in a file or a link and every output can be hashed.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Deep copy of a JSON value; isolates stored values from handler code that mutates them. */
export function cloneJson<T extends Json | undefined>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  return JSON.parse(JSON.stringify(value)) as T;
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
