// The playground's checks mean success. Each of the playground's original scenarios declares the checks a user
// would call success (orders end reserved or rejected with a reason, everything counted once,
// dead letters only where the scenario plants them; test/scenarios/builtin.test.ts runs them
// clean on every seed), and a fault that breaks the business outcome turns a named check red and
// says why.

import { describe, expect, it } from 'vitest';
import { runScenario, type FaultSpec } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';

const outage = (service: string, durationTicks = 3000): FaultSpec => ({ type: 'db-outage', service, fromTick: 0, durationTicks }) as FaultSpec;

/** Per scenario: a fault that breaks its business outcome, the checks that must fail, and what the failure must say. */
const breaking: Record<string, { fault: string; faults: FaultSpec[]; fails: string[]; says: RegExp }> = {
  'order-flow': { fault: 'the warehouse database down 5 s', faults: [{ type: 'db-outage', service: 'Inventory', fromTick: 500, durationTicks: 5000 } as FaultSpec], fails: ['dlq-accounted', 'db-predicate'], says: /needs a human[\s\S]*all 8 valid orders end reserved: .*found 2/ },
  'saga-choreographed': { fault: 'a poison payment', faults: [{ type: 'handler-throws', service: 'Payments', mode: 'poison', nth: 1 } as FaultSpec], fails: ['saga-consistency', 'dlq-accounted', 'db-predicate'], says: /needs a human/ },
  'saga-orchestrated': { fault: 'a poison payment', faults: [{ type: 'handler-throws', service: 'Payments', mode: 'poison', nth: 1 } as FaultSpec], fails: ['dlq-accounted'], says: /poison[\s\S]*needs a human/ },
  'servicebus-sessions': { fault: 'both packing databases down 3 s', faults: [outage('Packing-1'), outage('Packing-2')], fails: ['dlq-accounted', 'db-predicate'], says: /needs a human[\s\S]*exactly the bad payment is parked/ },
  'rabbitmq-routing': { fault: 'both billing databases down 3 s', faults: [outage('Billing-1'), outage('Billing-2')], fails: ['dlq-accounted', 'db-predicate'], says: /rejected → neither expected nor redriven: it needs a human/ },
  'servicebus-forwarding': { fault: 'the EU fulfilment database down 3 s', faults: [outage('EU-Fulfilment')], fails: ['db-predicate'], says: /4 valid EU orders are fulfilled.*order-1 \(OrderPlaced m-1 was dead-lettered to eu-orders\/\$deadletterqueue/ },
  'servicebus-transactions': { fault: 'a poison ShipOrder', faults: [{ type: 'handler-throws', service: 'Shipping', mode: 'poison', nth: 1 } as FaultSpec], fails: ['dlq-accounted', 'db-predicate'], says: /needs a human[\s\S]*announced shipped exactly once.*1 missing: order-1/ },
  'kafka-partitions': { fault: 'Analytics crashes and re-reads uncommitted records', faults: [{ type: 'crash', service: 'Analytics', atTick: 5000 } as FaultSpec], fails: ['db-predicate'], says: /Analytics counts all 40 orders.*found 50/ },
};

describe('built-in scenarios declare what success means', () => {
  // The six scenarios the playground started with, and sandboxes whose checks were only no-loss;
  // other scenarios added later bring their own tests (and builtin.test.ts runs every one).
  const scenarios = builtinScenarios.filter((s) => breaking[s.id]);

  it('each of these is built in and declares checks beyond no-loss', () => {
    expect(scenarios.map((s) => s.id).sort()).toEqual(Object.keys(breaking).sort());
    for (const s of scenarios) expect((s.checks ?? []).map((c) => c.name).filter((n) => n !== 'no-loss').length, s.id).toBeGreaterThan(0);
  });

  it('every built-in scenario states its business outcome, not only no-loss', () => {
    const onlyNoLoss = builtinScenarios.filter((s) => !(s.checks ?? []).some((c) => c.name !== 'no-loss')).map((s) => s.id);
    expect(onlyNoLoss).toEqual([]);
  });

  for (const scenario of scenarios) {
    const b = breaking[scenario.id]!;
    it(`${scenario.id}: ${b?.fault} fails ${b?.fails.join(', ')} and says why`, () => {
      const result = runScenario(scenario, { seed: scenario.seeds?.[0] ?? 1, faults: b.faults });
      const failed = result.checks.filter((c) => !c.valid);
      expect(failed.map((c) => c.name).sort()).toEqual([...b.fails].sort());
      expect(failed.flatMap((c) => c.errors.map((e) => e.explanation)).join('\n')).toMatch(b.says);
    });
  }
});
