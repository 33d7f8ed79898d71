// The simulator API without a Worker: it returns the default scenario first, runs it exactly as
// the engine does, and everything it returns survives structured cloning (what comlink does
// at the worker boundary) unchanged.

import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { defaultScenario } from '../../src/scenarios/index';
import { simulatorApi } from '../../src/worker/simulator-api';

describe('simulatorApi', () => {
  it('lists the built-in scenarios with the default first', () => {
    const scenarios = simulatorApi.builtinScenarios();
    expect(scenarios[0]?.id).toBe(defaultScenario.id);
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
    expect(structuredClone(scenarios)).toEqual(scenarios);
  });

  it('runs a scenario as the engine does, deterministically', () => {
    const seed = defaultScenario.seeds?.[0] ?? 42;
    const first = simulatorApi.run({ scenario: defaultScenario, seed });
    const second = simulatorApi.run({ scenario: structuredClone(defaultScenario), seed });
    expect(first.hash).toBe(runScenario(defaultScenario, { seed }).hash);
    expect(second.hash).toBe(first.hash);
    expect(first.seed).toBe(seed);
    expect(first.trace.length).toBeGreaterThan(0);
  });

  it('returns results that cross the worker boundary unchanged', () => {
    const result = simulatorApi.run({ scenario: defaultScenario, seed: 7 });
    expect(structuredClone(result)).toEqual(result);
  });
});
