// The simulator API: everything the UI may ask of the engine, as a plain object of functions
// over JSON-serialisable data. The worker only exposes it (simulator.worker.ts), so tests call
// it directly without a Worker, and the UI never reaches into engine internals.

import { runScenario, type RunResult } from '../engine/index';
import type { FaultSpec, Scenario } from '../engine/scenario/types';
import { builtinScenarios, defaultScenario } from '../scenarios/index';

export interface RunRequest {
  scenario: Scenario;
  seed?: number;
  faults?: FaultSpec[];
}

export const simulatorApi = {
  /** The built-in scenarios, default first. */
  builtinScenarios(): Scenario[] {
    return [defaultScenario, ...builtinScenarios.filter((s) => s.id !== defaultScenario.id)];
  },

  /** Run a scenario to its end; same request ⇒ same trace and hash, here and in Node. */
  run(request: RunRequest): RunResult {
    const options: { seed?: number; faults?: FaultSpec[] } = {};
    if (request.seed !== undefined) options.seed = request.seed;
    if (request.faults !== undefined) options.faults = request.faults;
    return runScenario(request.scenario, options);
  },
};

export type SimulatorApi = typeof simulatorApi;
