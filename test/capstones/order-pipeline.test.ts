// Capstone: an order pipeline at 5,000 orders/s. The reference passes every rubric line on every
// plan; each classic wrong design fails the line it names, and the figures show why.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Capstone } from '../../src/content/capstone-types';
import { capstone, figuresOf, verdictOf, wrongVerdict } from './verdict';

let c: Capstone;
beforeAll(async () => { c = await capstone('order-pipeline'); });

describe('capstone: order pipeline at 5,000 orders/s', () => {
  it('the reference design passes every rubric line on every fault plan, within its budgets', () => {
    const v = verdictOf(c);
    expect(v.checks.map((x) => [x.name, x.passed, x.total])).toEqual(c.spec.rubric.map((r) => [r.name, 4, 4]));
    expect(v.solved).toBe(true);
    const steady = figuresOf(v, 'steady 5,000/s')!;
    expect(steady.processed).toBe(500);
    expect(steady.throughputPerSecond).toBeGreaterThanOrEqual(4000);
    expect(steady.p99Ticks).toBeLessThanOrEqual(250);
    expect(figuresOf(v, 'flash-sale spike')!.processed).toBe(750);
    expect(figuresOf(v, 'Fulfilment crashes')!.lost).toBe(0);
    expect(figuresOf(v, 'a shipment request is lost')!.p99Ticks).toBeLessThanOrEqual(250);
  });

  it.each(['global-order-key', 'one-record-at-a-time', 'ship-without-idempotency-key', 'mark-shipped-first', 'ship-from-checkout', 'ship-and-forget', 'wait-the-default-timeout'])('wrong design %s fails the rubric line it names', (name) => {
    const w = c.lesson.wrong![name]!;
    const v = wrongVerdict(c, name);
    const line = v.checks.find((x) => x.name === w.fails)!;
    expect(line.passed, `${name} should fail ${w.fails}`).toBeLessThan(line.total);
    expect(line.failure!.run.faultPlan).toBe(w.plan);
    expect(line.failure!.eventRefs.length).toBeGreaterThan(0);
    expect(v.solved).toBe(false);
  });

  it('a single partition reaches 250 orders/s and a p99 in seconds; shipping without a key ships twice', () => {
    const one = figuresOf(wrongVerdict(c, 'global-order-key'), 'steady 5,000/s')!;
    expect(one.throughputPerSecond).toBe(250);
    expect(one.p99Ticks).toBeGreaterThan(1500);
    const dup = wrongVerdict(c, 'ship-without-idempotency-key');
    expect(dup.checks.find((x) => x.name === 'no-duplicate-effect')!.failure!.explanation).toMatch(/Warehouse received ship twice/);
  });
});
