// A scenario validated once for many runs (checkedOnce, what a lesson check uses): a frozen copy
// that runs exactly as the scenario it came from, that nobody can change afterwards, and that
// `new Simulation` trusts; a scenario with issues is returned as it is, so each run reports them.

import { describe, expect, it } from 'vitest';
import { Simulation, checkedOnce, runScenario, type Scenario } from '../../src/engine/index';
import { ValidationError } from '../../src/engine/scenario/validate-types';
import { builtinScenarios, defaultScenario } from '../../src/scenarios/index';

describe('checkedOnce', () => {
  it('runs to the same trace as the scenario it copies, for every built-in scenario', () => {
    for (const scenario of builtinScenarios) {
      const checked = checkedOnce(scenario);
      expect(checked).not.toBe(scenario);
      expect(checked).toStrictEqual(scenario);
      expect(JSON.stringify(checked)).toBe(JSON.stringify(scenario));
      expect(runScenario(checked, { seed: 3 }).hash).toBe(runScenario(scenario, { seed: 3 }).hash);
    }
  });

  it('is frozen all the way down, and keeps absent options as they were', () => {
    const withUndefined = { ...defaultScenario, limits: undefined } as unknown as Scenario;
    const checked = checkedOnce(withUndefined) as unknown as Record<string, unknown>;
    expect(Object.hasOwn(checked, 'limits')).toBe(true);
    const services = checked.services as { handlers: object[] }[];
    expect(Object.isFrozen(checked)).toBe(true);
    expect(Object.isFrozen(services[0]!.handlers[0])).toBe(true);
    expect(() => {
      (services[0]!.handlers as unknown[]).push({});
    }).toThrow(TypeError);
    expect(checkedOnce(checked as unknown as Scenario)).toBe(checked);
  });

  it('gives back a scenario with issues unchanged: every run still refuses it', () => {
    const broken = { ...defaultScenario, services: [{ ...defaultScenario.services[0]!, handlers: [{ name: 'h', consumes: 'nowhere', code: { builtin: 'ack' } }] }] } as unknown as Scenario;
    expect(checkedOnce(broken)).toBe(broken);
    expect(() => new Simulation(broken)).toThrow(ValidationError);
  });
});
