// Capstone: webhook delivery to unreliable receivers. The reference passes every rubric line on
// every plan; each classic wrong design fails the line it names.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Capstone } from '../../src/content/capstone-types';
import { capstone, figuresOf, verdictOf, wrongVerdict } from './verdict';

let c: Capstone;
beforeAll(async () => { c = await capstone('webhook-delivery'); });

describe('capstone: webhook delivery to unreliable receivers', () => {
  it('the reference design passes every rubric line on every fault plan', () => {
    const v = verdictOf(c);
    expect(v.checks.map((x) => [x.name, x.passed, x.total])).toEqual(c.spec.rubric.map((r) => [r.name, 3, 3]));
    const down = figuresOf(v, 'receiver-0 is down')!;
    expect(down.deadLettered).toBe(20); // receiver-0's webhooks, each with its attempt history
    expect(down.processed).toBe(60);
    expect(down.p99Ticks).toBeLessThanOrEqual(200);
    expect(figuresOf(v, 'receiver-0 is slow')!.deadLettered).toBe(0);
  });

  it.each(['retry-without-backoff', 'one-shared-pool', 'no-idempotency-key', 'swallow-failures', 'mark-delivered-first'])('wrong design %s fails the rubric line it names', (name) => {
    const w = c.lesson.wrong![name]!;
    const v = wrongVerdict(c, name);
    const line = v.checks.find((x) => x.name === w.fails)!;
    expect(line.passed, `${name} should fail ${w.fails}`).toBeLessThan(line.total);
    expect(line.failure!.run.faultPlan).toBe(w.plan);
    expect(v.solved).toBe(false);
  });

  it('a shared pool holds the healthy receivers up for seconds; immediate retries storm the dead one', () => {
    expect(figuresOf(wrongVerdict(c, 'one-shared-pool'), 'receiver-0 is down')!.p99Ticks).toBeGreaterThan(5000);
    expect(wrongVerdict(c, 'retry-without-backoff').checks.find((x) => x.name === 'peak-load')!.failure!.explanation).toMatch(/made \d+ calls within 1,000 ms/);
  });
});
