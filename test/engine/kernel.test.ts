import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/engine/kernel/clock';
import { EventQueue } from '../../src/engine/kernel/event-queue';
import { createRandom } from '../../src/engine/kernel/random';
import { formatTraceparent, IdSource, parseTraceparent } from '../../src/engine/kernel/ids';

describe('clock', () => {
  it('moves forward and refuses to go back or to fractional ticks', () => {
    const clock = new Clock();
    clock.advanceTo(5);
    clock.advanceTo(5);
    expect(clock.now()).toBe(5);
    expect(() => clock.advanceTo(4)).toThrow(/cannot go back/);
    expect(() => clock.advanceTo(6.5)).toThrow(/not an integer/);
  });
});

describe('event queue', () => {
  it('pops by tick, then by insertion order for equal ticks', () => {
    const q = new EventQueue();
    const out: string[] = [];
    q.push(10, () => out.push('a'));
    q.push(5, () => out.push('b'));
    q.push(10, () => out.push('c'));
    q.push(5, () => out.push('d'));
    q.push(0, () => out.push('e'));
    while (q.size) q.pop()!.run();
    expect(out).toEqual(['e', 'b', 'd', 'a', 'c']);
  });

  it('matches a stable sort on thousands of random items', () => {
    const q = new EventQueue();
    const rng = createRandom(7);
    const items = Array.from({ length: 5000 }, (_, i) => ({ tick: rng.int(200), i }));
    for (const it of items) q.push(it.tick, () => undefined);
    const popped: [number, number][] = [];
    for (let x = q.pop(); x; x = q.pop()) popped.push([x.tick, x.seq]);
    const expected = [...items].sort((a, b) => a.tick - b.tick || a.i - b.i).map((x) => [x.tick, x.i]);
    expect(popped).toEqual(expected);
  });

  it('skips cancelled items without reporting their tick', () => {
    const q = new EventQueue();
    const a = q.push(3, () => undefined);
    q.push(8, () => undefined);
    a.cancelled = true;
    expect(q.peekTick()).toBe(8);
    expect(q.pop()!.tick).toBe(8);
    expect(q.pop()).toBeUndefined();
  });
});

describe('random streams', () => {
  it('gives the same numbers for the same seed and stream', () => {
    const a = createRandom(42).fork('inventory');
    const b = createRandom(42).fork('inventory');
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('keeps a stream independent of other streams being drawn from', () => {
    const root1 = createRandom(1);
    const root2 = createRandom(1);
    const noisy = root2.fork('payments');
    for (let i = 0; i < 100; i++) noisy.next();
    expect(root1.fork('inventory').next()).toBe(root2.fork('inventory').next());
  });

  it('differs between seeds and between streams', () => {
    expect(createRandom(1).fork('x').next()).not.toBe(createRandom(2).fork('x').next());
    expect(createRandom(1).fork('x').next()).not.toBe(createRandom(1).fork('y').next());
  });

  it('int(n) stays in [0, n) and covers it', () => {
    const r = createRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.int(6);
      expect(Number.isInteger(v) && v >= 0 && v < 6).toBe(true);
      seen.add(v);
    }
    expect(seen.size).toBe(6);
  });
});

describe('ids', () => {
  it('counts readable ids per prefix and makes valid W3C traceparents from the seed', () => {
    const ids = new IdSource(createRandom(9).fork('trace'));
    expect([ids.next('m'), ids.next('m'), ids.next('d')]).toEqual(['m-1', 'm-2', 'd-1']);
    const tp = formatTraceparent(ids.traceId(), ids.spanId());
    expect(tp).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(parseTraceparent(tp)).not.toBeNull();
    const again = new IdSource(createRandom(9).fork('trace'));
    expect(formatTraceparent(again.traceId(), again.spanId())).toBe(tp);
  });
});
