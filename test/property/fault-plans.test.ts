// The engine under random valid fault plans: every built-in scenario and every lesson's solution
// (each scenario variant), plans of 1–4 faults of every type, at random targets and moments. The
// engine never throws, never hangs and never runs past its limits: each run ends by quiescence or
// by a named limit, with its trace within eventsMax. Runs are capped low (3,000 events, two
// simulated minutes: a plan that makes a run go round forever costs little more than a settled
// one, ~200–600 events) so ~1,000 plans take seconds; the lesson guarantees
// (lesson-guarantees.test.ts) add ~180 more, for ≥ 1,000 random plans per CI run. Replay a failure with its printed seed and
// plan; FC_RUNS scales the sweep, FC_SEED changes it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runScenario, type EndReason, type FaultSpec, type Scenario } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { resolveScenario, solutionFiles } from '../../src/content/resolve';
import { ALL_FAULT_TYPES, planArbitrary, planContext } from './plans';

const FC_SEED = Number(process.env.FC_SEED ?? 20261202);
const SCALE = Number(process.env.FC_RUNS ?? 1);
const LIMITS = { eventsMax: 3_000, ticksMax: 120_000 };
const ENDS: EndReason[] = ['quiescent', 'ticksMax', 'eventsMax', 'zeroTimeEventsMax', 'stepsMax'];

const { course } = await loadCourseFromDisk();
const targets: [string, Scenario, number][] = [
  ...builtinScenarios.map((s): [string, Scenario, number] => [s.id, s, 50]),
  ...course.lessons.flatMap((l) => Object.keys(l.scenarios).map((v): [string, Scenario, number] => [`${l.id}${v === 'default' ? '' : `/${v}`} (solution)`, resolveScenario(l, solutionFiles(l), v), 8])),
];

let plans = 0;
let millis = 0;

describe('random valid fault plans: the engine always ends, by quiescence or a named limit', () => {
  it.each(targets)('%s', (_name, scenario, runs) => {
    const capped = { ...scenario, limits: { ...(scenario.limits ?? {}), ...LIMITS } };
    const ctx = planContext(capped);
    const started = performance.now();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), planArbitrary(ALL_FAULT_TYPES, ctx, 4), (seed, faults: FaultSpec[]) => {
        plans++;
        const r = runScenario(capped, { seed, faults });
        expect(ENDS, `seed ${seed}, plan ${JSON.stringify(faults)}`).toContain(r.endReason);
        expect(r.trace.length).toBeLessThanOrEqual(LIMITS.eventsMax + 1);
        expect(r.trace.at(-1)?.kind).toBe('run.ended');
      }),
      { seed: FC_SEED, numRuns: Math.max(1, Math.round(runs * SCALE)) },
    );
    millis += performance.now() - started;
  }, 120_000);

  it('ran the planned number of plans, at least 1,000 with the lesson guarantees', () => {
    console.log(`fault-plan sweep: ${plans} random plans over ${targets.length} scenarios in ${(millis / 1000).toFixed(1)} s`);
    expect(plans).toBeGreaterThanOrEqual(targets.reduce((n, [, , runs]) => n + Math.max(1, Math.round(runs * SCALE)), 0));
    expect(plans + 10 * course.lessons.length).toBeGreaterThanOrEqual(1_000 * Math.min(1, SCALE));
  });
});
