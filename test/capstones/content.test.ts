// The capstones as content: each builds, names registered checks, configures every rubric line in
// every scenario it runs on, keeps at least two classic wrong designs, and its calculator preset
// computes. Broken content is refused with the folder's name.
import { describe, expect, it } from 'vitest';
import { loadCapstonesFromDisk } from '../../src/content/capstones-node';
import { buildCapstones } from '../../src/content/capstones-build';
import { checks } from '../../src/engine/checks/registry';
import { littlesLaw, partitionsFor, ratePerSecondFromMs } from '../../src/content/sizing';
import { validateScenario } from '../../src/engine/index';
import { resolveScenario } from '../../src/content/resolve';

describe('design capstones as content', async () => {
  const all = await loadCapstonesFromDisk();

  it('are the three designs the course promises, in order', () => {
    expect(all.map((c) => c.id)).toEqual(['order-pipeline', 'webhook-delivery', 'notification-fan-out']);
  });

  it.each(all.map((c) => [c.id, c] as const))('%s: rubric, scenarios, wrong designs and calculator hold together', (_id, c) => {
    for (const line of c.spec.rubric) expect(checks[line.name], line.name).toBeDefined();
    for (const plan of c.spec.faultPlans) {
      const scenario = resolveScenario(c.lesson, c.lesson.starter, plan.scenario);
      expect(validateScenario(scenario)).toEqual([]);
      expect(scenario.checks!.map((x) => x.name)).toEqual(c.spec.rubric.map((r) => r.name));
    }
    const wrong = Object.values(c.lesson.wrong ?? {});
    expect(wrong.length).toBeGreaterThanOrEqual(2);
    for (const w of wrong) expect(c.spec.rubric.map((r) => r.name)).toContain(w.fails);
    const s = c.spec.sizing;
    expect(littlesLaw(s.ratePerSecond, s.serviceMs, s.concurrency, s.utilisationPct / 100).inFlight).toBeGreaterThan(0);
    expect(partitionsFor(s.ratePerSecond, s.producePerPartition, ratePerSecondFromMs(s.serviceMs) * (s.utilisationPct / 100))).toBeGreaterThanOrEqual(1);
  });

  it('the order pipeline calculator says what the reference design does: 20 in flight, 29 partitions at 70 %', () => {
    const s = all[0]!.spec.sizing;
    expect(littlesLaw(s.ratePerSecond, s.serviceMs).inFlight).toBe(20);
    expect(partitionsFor(s.ratePerSecond, s.producePerPartition, ratePerSecondFromMs(s.serviceMs) * 0.7)).toBe(29);
  });

  it('refuses broken content with the folder name', () => {
    const spec = all[0]!.spec;
    expect(() => buildCapstones({ texts: {}, modules: { 'x-order': { default: spec } } })).toThrow(/capstones\/x-order: the folder must be NN-name/);
    expect(() => buildCapstones({ texts: {}, modules: { '01-order': { default: spec } } })).toThrow(/names Checkout\/AcceptOrders.ts, which reference\/ does not have/);
    const texts = { '01-o/reference/Checkout/AcceptOrders.ts': 'x', '01-o/reference/Fulfilment/Fulfil.ts': 'y', '01-o/wrong/w/expect.json': '{"fails":"no-such-line","why":"."}', '01-o/wrong/w/Fulfilment/Fulfil.ts': 'z' };
    expect(() => buildCapstones({ texts, modules: { '01-o': { default: spec } } })).toThrow(/fails names no-such-line, which the rubric does not have/);
  });
});
