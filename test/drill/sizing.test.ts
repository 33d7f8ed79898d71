// Back-of-envelope sizing: the whiteboard arithmetic with known answers — Little's law (5,000
// orders/s at 2 ms each keep 10 in flight: 15 consumers at 70 %), partitions for a target
// (max of the produce and consume bounds), storage for a replay window, lag in time — and a
// clear refusal of values that make no sense.

import { describe, expect, it } from 'vitest';
import { formatBytes, formatSeconds, lagInTime, littlesLaw, partitionsFor, ratePerSecondFromMs, retentionBytes } from '../../src/content/sizing';

describe('sizing', () => {
  it("Little's law gives the work in flight and the consumers needed at a utilisation", () => {
    expect(littlesLaw(5000, 2)).toEqual({ inFlight: 10, consumers: 15 });
    expect(littlesLaw(5000, 2, 1, 1)).toEqual({ inFlight: 10, consumers: 10 });
    expect(littlesLaw(5000, 2, 4, 0.5).consumers).toBe(5);
    expect(littlesLaw(0, 2).consumers).toBe(1);
  });

  it('partitions: the larger of the produce and the consume bound, rounded up', () => {
    // 5,000 msg/s, a partition takes 10,000 msg/s in, one consumer drains 500 msg/s (2 ms each).
    expect(partitionsFor(5000, 10_000, ratePerSecondFromMs(2))).toBe(10);
    expect(partitionsFor(5001, 10_000, 500)).toBe(11);
    expect(partitionsFor(50_000, 10_000, 100_000)).toBe(5);
  });

  it('storage for a replay window and lag in time', () => {
    // 5,000 msg/s × 1 KiB × 7 days × 3 replicas ≈ 9.3 TB = 8.4 TiB.
    const bytes = retentionBytes(5000, 1024, 7 * 24, 3);
    expect(bytes).toBe(5000 * 1024 * 7 * 24 * 3600 * 3);
    expect(formatBytes(bytes)).toBe('8.4 TiB');
    expect(lagInTime(60_000, 5000, 6000)).toEqual({ behindSeconds: 12, drainSeconds: 60 });
    expect(lagInTime(60_000, 5000, 5000).drainSeconds).toBeNull();
    expect(lagInTime(0, 5000, 0)).toEqual({ behindSeconds: 0, drainSeconds: 0 });
    expect(formatSeconds(5400)).toBe('90 min');
    expect(formatSeconds(0.25)).toBe('250 ms');
  });

  it('refuses values that make no sense, naming them', () => {
    expect(() => littlesLaw(5000, 0)).toThrow(/time per message must be a number > 0/);
    expect(() => littlesLaw(Number.NaN, 2)).toThrow(/rate/);
    expect(() => littlesLaw(5000, 2, 1, 1.5)).toThrow(/utilisation/);
    expect(() => partitionsFor(100, 0, 10)).toThrow(/produce rate per partition/);
    expect(() => retentionBytes(1, 1, 1, 0)).toThrow(/replication factor/);
  });
});
