// Live handler realms per run and per host (handlers/realm-groups.ts). Every realm may grow to
// 32 MB, so a host keeps at most HOST_REALMS_MAX alive and a run at most codeServicesMax. The
// attack this answers: a worker streaming one run while it opens others used to take realms out
// of the first run (the oldest realms went first), whose services then failed "process gone" —
// the same inputs gave another hash. Now a run either gives its own hash or is closed whole and
// says so on its next step; a run alone never meets the host bound.
import { describe, expect, it } from 'vitest';
import { Simulation, runScenario, validateScenario } from '../../src/engine/index';
import { HOST_REALMS_MAX, liveRealms } from '../../src/engine/handlers/realm-groups';
import { SCENARIO_BOUNDS } from '../../src/engine/scenario/bounds';
import { oneQueueScenario } from './helpers';

const consumers = SCENARIO_BOUNDS.codeServicesMax - 1;
const scenario = oneQueueScenario(`export default async (msg, ctx) => { ctx.log('job ' + msg.body.job + ' ' + Math.random().toFixed(4)); await ctx.work(2); }`, { consumers, count: 30, intervalTicks: 5 });

describe('live handler realms', () => {
  it(`a run that is interleaved with others in one host gives its own result or stops clearly (at most ${HOST_REALMS_MAX} realms alive)`, () => {
    const alone = [1, 2, 3].map((seed) => runScenario(scenario, { seed }));
    expect(liveRealms()).toBe(0); // a finished run holds none
    const sims = [1, 2, 3].map((seed) => {
      const sim = new Simulation(scenario, { seed });
      for (let i = 0; i < 40; i++) sim.step();
      expect(liveRealms()).toBeLessThanOrEqual(HOST_REALMS_MAX);
      return sim;
    });
    // Three runs of 15 realms do not fit in 32: the least recently used one was closed whole.
    expect(() => sims[0]!.step()).toThrow(/this run was closed to make room for newer runs: at most 32 handler realms/);
    for (const [i, sim] of sims.entries()) {
      if (i === 0) continue;
      sim.runToEnd();
      expect(sim.trace.length, `run ${i + 1}`).toBe(alone[i]!.trace.length);
      expect(JSON.stringify(sim.trace), `run ${i + 1}`).toBe(JSON.stringify(alone[i]!.trace));
      sim.dispose();
    }
    expect(liveRealms()).toBe(0);
  });

  it(`refuses a scenario with more than ${SCENARIO_BOUNDS.codeServicesMax} services running handler code, with the path and why`, () => {
    const tooMany = oneQueueScenario('export default async () => {}', { consumers: SCENARIO_BOUNDS.codeServicesMax + 1 });
    expect(validateScenario(tooMany)).toEqual([{ path: 'services', message: `${SCENARIO_BOUNDS.codeServicesMax + 1} services run handler code; at most ${SCENARIO_BOUNDS.codeServicesMax} may (each is a process with a realm of up to 32 MB)` }]);
    expect(validateScenario(oneQueueScenario('export default async () => {}', { consumers: SCENARIO_BOUNDS.codeServicesMax }))).toEqual([]);
  });

  it('a crash and restart keeps a run within its bound: the crashed process gives its realm back', () => {
    const crashing = { ...scenario, faults: [{ type: 'crash', service: 'Worker1', atTick: 20 }, { type: 'crash', service: 'Worker2', atTick: 40 }] } as typeof scenario;
    const result = runScenario(crashing, { seed: 5 });
    expect(result.trace.some((e) => e.kind === 'service.crashed')).toBe(true);
    expect(liveRealms()).toBe(0);
  });
});
