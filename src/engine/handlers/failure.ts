// What a failed attempt leaves behind, as an engine-owned Error. Source-code handlers throw
// inside their realm, where the driver reads the value into plain { name, message } data
// (prelude.ts); this turns that, an engine error or a built-in handler's throw into the Error
// retry policies, hooks and the trace read. Engine-owned errors keep their class (a retry
// policy may check `instanceof`), their name and message and their own primitive fields
// (`poison`, `why`…), not the host's stack text.

import { describeThrown } from '../services/thrown';

/** A value a handler threw, reduced to a readable message. */
export class HandlerThrew extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Error';
  }
}

const HINTS: [RegExp, string][] = [
  [/Maximum call stack size exceeded|^stack overflow$/, ' (runaway recursion?)'],
  [/Invalid (string|array|typed array) length|Array buffer allocation failed/, ' (an allocation too large for a handler)'],
];

/** Reads `error` (under the caller's meter) into an engine-owned Error. Never throws. */
export function snapshotThrown(error: unknown): Error {
  try {
    if (isRealError(error)) {
      const copy = Object.create(Object.getPrototypeOf(error)) as Error & Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(error)) {
        // The host's stack text: never read, differs by host, and reading it formats it (costly: source maps in Node).
        if (key === 'stack') continue;
        const desc = Object.getOwnPropertyDescriptor(error, key);
        if (desc && 'value' in desc && isPrimitive(desc.value)) Object.defineProperty(copy, key, { value: desc.value, writable: true, configurable: true, enumerable: desc.enumerable });
      }
      const name = typeof error.name === 'string' ? error.name : 'Error';
      const message = typeof error.message === 'string' ? error.message : String(error.message);
      Object.defineProperty(copy, 'name', { value: name, writable: true, configurable: true });
      Object.defineProperty(copy, 'message', { value: message + hintFor(message), writable: true, configurable: true });
      return copy;
    }
    const text = describeThrown(error);
    const copy = new HandlerThrew(text);
    const poison = typeof error === 'object' && error !== null ? (error as { poison?: unknown }).poison : undefined;
    if (poison === true) Object.defineProperty(copy, 'poison', { value: true, enumerable: true });
    return copy;
  } catch (readError) {
    let why = 'it could not be read';
    try {
      why = `reading it threw ${readError instanceof Error ? readError.message : typeof readError}`;
    } catch {
      /* keep the generic text */
    }
    return new HandlerThrew(`threw a value that could not be read (${why})`);
  }
}

function isRealError(error: unknown): error is Error {
  // Error.prototype.toString would run user getters; the internal [[ErrorData]] slot cannot be faked.
  return typeof error === 'object' && error !== null && !isProxyLike(error) && Object.prototype.toString.call(error) === '[object Error]' && error instanceof Error;
}

function isProxyLike(value: object): boolean {
  // A Proxy answers getPrototypeOf with user code; the meter bounds it, the catch above reports it.
  return Object.getPrototypeOf(value) === null;
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

function hintFor(message: string): string {
  for (const [pattern, hint] of HINTS) if (pattern.test(message)) return hint;
  return '';
}
