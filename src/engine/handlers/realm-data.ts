// Values that come out of a handler realm, as the engine reads them. The realm encodes what a
// handler passed as JSON, marking what JSON cannot say (prelude.ts `enc`): {"\u0000bl":"…"}
// with n<number> for NaN and infinities, u undefined, f a function, s a symbol, b a bigint,
// g a getter, o an object that is not plain data. Decoding puts an engine-made stand-in of the
// same kind in its place — NaN, undefined, a function, a getter that answers undefined, an
// object with a foreign prototype — so the engine's own checks (publish-options.ts, isJson)
// refuse it with the message they give for that kind of value. None of the stand-ins is
// anything the handler made: nothing of the realm's is ever called by the engine.

const MARKER = '\u0000bl';
const MARKED = '\\u0000bl';

/** A function standing for a function the handler passed. */
function handlerFunction(): undefined {
  return undefined;
}
/** The prototype of objects standing for non-plain objects the handler passed. */
const FOREIGN = Object.freeze(Object.create(null) as object);
const GETTER = Symbol('getter');

function standIn(code: string): unknown {
  switch (code[0]) {
    case 'n': return Number(code.slice(1));
    case 'u': return undefined;
    case 'f': return handlerFunction;
    case 's': return Symbol('a symbol from a handler');
    case 'b': return BigInt(0);
    case 'g': return GETTER;
    default: return Object.create(FOREIGN);
  }
}

function isMarker(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === MARKER && typeof (value as Record<string, unknown>)[MARKER] === 'string';
}

function restore(value: unknown): unknown {
  if (isMarker(value)) return standIn(value[MARKER]!);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const restored = restore(record[key]);
    if (restored === GETTER) Object.defineProperty(record, key, { get: () => undefined, enumerable: true, configurable: true });
    else if (restored !== record[key]) record[key] = restored;
  }
  return value;
}

/** Parses JSON text from a realm, with its marked values as engine-made stand-ins. */
export function fromRealm(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return text.includes(MARKED) ? restore(value) : value;
}
