// Each retry formula against its definition (MassTransit's policies, the AWS backoff family),
// with a stub random stream so jitter is exact, and with the real seeded one for bounds.
import { describe, expect, it } from 'vitest';
import { retryDelayTicks, type RetryPolicy } from '../../src/engine/patterns/retry/policies';
import { createRandom, type Random } from '../../src/engine/kernel/random';

/** A Random whose next() returns the given values in turn. */
function stub(...values: number[]): Random {
  let i = 0;
  const next = () => values[i++ % values.length];
  return { next, int: (n) => Math.floor(next() * n), chance: (p) => next() < p, hex16: () => '0'.repeat(16), fork: () => stub(...values) };
}

const delays = (p: RetryPolicy, rng: Random = stub(0.5), n = 6) => {
  const memory = {};
  return Array.from({ length: n }, (_, i) => retryDelayTicks(p, i + 1, rng, memory));
};

describe('retry policies', () => {
  it.each<[string, RetryPolicy, (number | null)[]]>([
    ['none', { kind: 'none' }, [null, null, null]],
    ['immediate: 1 + limit attempts, no delay', { kind: 'immediate', limit: 2 }, [0, 0, null]],
    ['interval', { kind: 'interval', limit: 3, intervalTicks: 500 }, [500, 500, 500, null]],
    ['intervals: one retry per listed delay', { kind: 'intervals', intervalsTicks: [100, 1000, 5000] }, [100, 1000, 5000, null]],
    ['incremental: initial + (n−1) × increment', { kind: 'incremental', limit: 4, initialTicks: 200, incrementTicks: 300 }, [200, 500, 800, 1100, null]],
    ['exponential: min(cap, base × 2^attempt)', { kind: 'exponential', limit: 5, baseTicks: 100, capTicks: 1000 }, [100, 200, 400, 800, 1000, null]],
  ])('%s', (_name, policy, expected) => {
    expect(delays(policy, stub(0.5), expected.length)).toEqual(expected);
  });

  it('full jitter: random_between(0, min(cap, base × 2^attempt)), inclusive integers', () => {
    const p: RetryPolicy = { kind: 'full-jitter', limit: 4, baseTicks: 100, capTicks: 1000 };
    expect(delays(p, stub(0), 4)).toEqual([0, 0, 0, 0]);
    expect(delays(p, stub(0.999999), 4)).toEqual([100, 200, 400, 800]);
    expect(delays(p, stub(0.5), 4)).toEqual([50, 100, 200, 400]);
  });

  it('equal jitter: temp/2 + random_between(0, temp/2)', () => {
    const p: RetryPolicy = { kind: 'equal-jitter', limit: 3, baseTicks: 100, capTicks: 1000 };
    expect(delays(p, stub(0), 3)).toEqual([50, 100, 200]);
    expect(delays(p, stub(0.999999), 3)).toEqual([100, 200, 400]);
  });

  it('decorrelated jitter: min(cap, random_between(base, previous × 3)), previous starts at base', () => {
    const p: RetryPolicy = { kind: 'decorrelated-jitter', limit: 4, baseTicks: 100, capTicks: 1000 };
    // top of the range each time: 300, 900, then capped
    expect(delays(p, stub(0.999999), 4)).toEqual([300, 900, 1000, 1000]);
    expect(delays(p, stub(0), 4)).toEqual([100, 100, 100, 100]);
  });

  it('jittered delays stay within their bounds on a seeded stream, and replay exactly', () => {
    const p: RetryPolicy = { kind: 'full-jitter', limit: 8, baseTicks: 50, capTicks: 2000 };
    const a = delays(p, createRandom(7, 'x'), 8);
    const b = delays(p, createRandom(7, 'x'), 8);
    expect(a).toEqual(b);
    a.forEach((d, i) => {
      expect(Number.isInteger(d)).toBe(true);
      expect(d!).toBeGreaterThanOrEqual(0);
      expect(d!).toBeLessThanOrEqual(Math.min(2000, 50 * 2 ** i));
    });
  });
});
