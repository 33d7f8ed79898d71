// cloneJson copies plain JSON values directly instead of through their text: its result must be
// JSON.parse(JSON.stringify(value))'s for every value that can reach it — same keys in the same
// order (integer-like keys first), -0 as 0, holes and undefined as JSON writes them, toJSON
// honoured, a `__proto__` key kept as data — and a copy must share nothing with the original.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cloneJson, type Json } from '../../src/engine/scenario/json';

/** The old definition: what every caller of cloneJson was written against. */
const roundTrip = (value: unknown): unknown => (value === null || typeof value !== 'object' ? value : JSON.parse(JSON.stringify(value)));

/** Same value, same key order, and -0 told apart from 0 (JSON text cannot tell them apart). */
function expectSame(actual: unknown, expected: unknown): void {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  expect(actual).toStrictEqual(expected);
  const walk = (a: unknown, b: unknown): void => {
    if (typeof a === 'number') expect(Object.is(a, b)).toBe(true);
    if (a !== null && typeof a === 'object') {
      expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
      expect(Object.keys(a)).toEqual(Object.keys(b as object));
      for (const k of Object.keys(a)) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
    }
  };
  walk(actual, expected);
}

/** True when the two values share no object anywhere. */
function sharesNothing(a: unknown, b: unknown): boolean {
  if (a === null || typeof a !== 'object') return true;
  if (a === b) return false;
  return Object.keys(a).every((k) => sharesNothing((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

describe('cloneJson', () => {
  it('equals the JSON round trip for arbitrary JSON-ish values, sharing nothing', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const copy = cloneJson(value as Json);
        expectSame(copy, roundTrip(value));
        expect(sharesNothing(copy, value)).toBe(true);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4, withNullPrototype: true, withSparseArray: true, withBoxedValues: true, withDate: true }), (value) => {
        let expected: unknown;
        try {
          expected = roundTrip(value);
        } catch {
          return; // what JSON refuses (BigInt) is covered below
        }
        expectSame(cloneJson(value as Json), expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes what JSON writes for the edge cases', () => {
    const cases: unknown[] = [
      { b: 1, a: 2, 10: 'x', 2: 'y', '-1': 'z' },
      { zero: -0, list: [-0, 0], big: 1e21, small: 5e-324 },
      { nan: NaN, inf: -Infinity },
      [1, , 3], // eslint-disable-line no-sparse-arrays
      [undefined, () => 1, Symbol('s')],
      { u: undefined, f: () => 1, s: Symbol('s'), k: 1 },
      { at: new Date(0), boxed: [new Number(3), new String('s'), new Boolean(false)] },
      { nested: { toJSON: () => ({ replaced: true }) } },
      { toJSON: 5 },
      JSON.parse('{"__proto__":{"polluted":true},"a":1}'),
      Object.assign(Object.create(null), { a: { b: [1, 'two', null, true] } }),
      Object.create(Array.prototype),
      Object.setPrototypeOf([1, 2], Object.prototype),
      { lone: '\ud800x\udfff', empty: '', key: { '': 1 } },
      new Map([[1, 2]]),
      Object.defineProperty({ shown: 1 }, 'hidden', { value: 2, enumerable: false }),
    ];
    for (const value of cases) expectSame(cloneJson(value as Json), roundTrip(value));
    const polluted = cloneJson(JSON.parse('{"__proto__":{"polluted":true}}') as Json) as Record<string, unknown>;
    expect(Object.getPrototypeOf(polluted)).toBe(Object.prototype);
    expect(Object.hasOwn(polluted, '__proto__')).toBe(true);
  });

  it('handles deep values as JSON does, and refuses what JSON refuses with its error', () => {
    let deep: Json = 1;
    for (let i = 0; i < 500; i++) deep = { d: [deep] };
    expectSame(cloneJson(deep), roundTrip(deep));
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = { back: cycle };
    expect(() => cloneJson(cycle as Json)).toThrow(TypeError);
    expect(() => cloneJson({ n: 1n } as unknown as Json)).toThrow(TypeError);
  });

  it('leaves what is not an object as it is', () => {
    for (const value of [null, undefined, 0, -0, 'x', true, NaN]) expect(Object.is(cloneJson(value as Json), value)).toBe(true);
  });
});
