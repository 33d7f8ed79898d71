// Registries that untrusted input names things in (fault types, checks, built-in handlers,
// brokers, limits). A link names them by text, so a lookup must find only what was registered:
// on a plain object `checks['constructor']` is Object's constructor and `faults['toString']` a
// function, which validation took for a registered model (and then threw, or let a run crash
// at its end). A registry made here has no prototype, so such a name finds nothing; the keys
// untrusted data may never use as keys are listed here too, for the shape walks.

/** A registry whose lookups see only its own entries. */
export function registry<T>(entries: Iterable<readonly [string, T]> | Record<string, T>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of Symbol.iterator in entries ? (entries as Iterable<readonly [string, T]>) : Object.entries(entries)) out[k] = v;
  return out;
}

/** Whether `key` is an own entry of `record` (never one of Object.prototype's names). */
export const hasOwn = (record: object, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);

/**
 * Keys shared data may not use: they name the prototype chain of every plain object, so code
 * that copies or looks up by such a key changes or reads Object.prototype's members instead.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
