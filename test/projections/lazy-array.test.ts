// The lazy array the page hands views for long runs: it reads as an ordinary array of its
// current length, builds only the items a reader touches, follows a growing length, and refuses
// writes.

import { describe, expect, it } from 'vitest';
import { lazyArray } from '../../src/engine/trace/lazy-array';

describe('lazyArray', () => {
  it('reads as an array: length, indexes, methods, iteration and JSON', () => {
    const xs = lazyArray(() => 4, (i) => ({ i }));
    expect(Array.isArray(xs)).toBe(true);
    expect(xs.length).toBe(4);
    expect(xs[2]).toEqual({ i: 2 });
    expect(xs[4]).toBeUndefined();
    expect(xs.map((x) => x.i)).toEqual([0, 1, 2, 3]);
    expect(xs.slice(1, 3)).toEqual([{ i: 1 }, { i: 2 }]);
    expect([...xs].length).toBe(4);
    expect(JSON.stringify(xs)).toBe('[{"i":0},{"i":1},{"i":2},{"i":3}]');
    expect(Object.keys(xs)).toEqual(['0', '1', '2', '3']);
    expect(1 in xs).toBe(true);
    expect('4' in xs).toBe(false);
  });

  it('builds only what is read, and follows a length that grows', () => {
    let n = 2;
    const built: number[] = [];
    const xs = lazyArray(() => n, (i) => { built.push(i); return i * 10; });
    expect(xs[1]).toBe(10);
    expect(built).toEqual([1]);
    n = 5;
    expect(xs.length).toBe(5);
    expect(xs.at(-1)).toBe(40);
    expect(built).toEqual([1, 4]);
  });

  it('refuses writes', () => {
    const xs = lazyArray(() => 1, () => 'a');
    expect(() => { (xs as string[])[0] = 'b'; }).toThrow(TypeError);
    expect(() => xs.push('c')).toThrow(TypeError);
    expect(xs[0]).toBe('a');
  });
});
