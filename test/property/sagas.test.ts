// Property test of both sagas: whatever crashes, duplicates, delays, lock expiries, transient
// failures and partitions a random plan throws at them, every saga completes or is compensated
// in reverse order, no message is lost and no effect is applied twice. (This test found two
// bugs in the orchestrator: a charge landing after the timeout, and compensations running out
// of reverse order.) Replay a failure with FC_SEED=<seed>.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runScenario, type FaultSpec, type Scenario } from '../../src/engine/index';
import { CRASH_POINTS } from '../../src/engine/services/invocation';
import { sagaOrchestrated } from '../../src/scenarios/saga-orchestrated';
import { sagaChoreographed } from '../../src/scenarios/saga-choreographed';

const FC_SEED = Number(process.env.FC_SEED ?? 20261127);
const RUNS = Number(process.env.FC_RUNS ?? 40);

function faults(s: Scenario): fc.Arbitrary<FaultSpec[]> {
  const service = fc.constantFrom(...s.services.map((x) => x.name));
  const nth = fc.integer({ min: 1, max: 4 });
  const fault = fc.oneof(
    fc.record({ type: fc.constant('crash'), service, point: fc.constantFrom(...CRASH_POINTS), nth, restartAfterTicks: fc.integer({ min: 1, max: 3000 }) }),
    fc.record({ type: fc.constant('duplicate-delivery'), service, nth }),
    fc.record({ type: fc.constant('delay-delivery'), service, nth, delayTicks: fc.integer({ min: 1, max: 20000 }) }),
    fc.record({ type: fc.constant('lock-expiry'), service, nth }),
    fc.record({ type: fc.constant('handler-throws'), service, nth, failAttempts: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ type: fc.constant('broker-unreachable'), service, fromTick: fc.integer({ min: 0, max: 3000 }), durationTicks: fc.integer({ min: 1, max: 4000 }) }),
  ) as fc.Arbitrary<FaultSpec>;
  return fc.array(fault, { maxLength: 3 });
}

describe.each([sagaOrchestrated, sagaChoreographed])('$id', (scenario) => {
  it('every saga completes or is fully compensated, nothing lost or duplicated, on random fault plans', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), faults(scenario), (seed, plan) => {
        const r = runScenario(scenario, { seed, faults: plan });
        fc.pre(r.endReason === 'quiescent');
        const bad = r.checks.filter((c) => !c.valid).map((c) => `${c.name}: ${c.errors.map((e) => e.explanation).join(' | ')}`);
        expect(bad, `engine seed ${seed}, plan ${JSON.stringify(plan)} (fast-check seed ${FC_SEED})`).toEqual([]);
      }),
      { seed: FC_SEED, numRuns: RUNS },
    );
  }, 300_000);
});
