// The playground's reactive state: the scenarios on offer, which one runs with which seed, and
// the worker's result. Worker payloads are `$state.raw` and replaced whole (never
// deep-proxied: traces are large). Views read projections through `$derived` getters, so each
// is computed once per run.

import type { RunResult } from '../../engine/index';
import type { Scenario } from '../../engine/scenario/types';
import { layoutSequence, type SequenceLayout } from '../../projections/sequence-layout';
import { foldTrace, type RunState } from '../../engine/state/fold';
import type { Simulator } from '../../worker/client';

export type RunStatus = 'idle' | 'loading' | 'running' | 'done' | 'error';

export const DEFAULT_SEED = 42;

export class PlaygroundState {
  #simulator: () => Simulator;
  #scenarios = $state.raw<Scenario[]>([]);
  #scenario = $state.raw<Scenario | null>(null);
  #seed = $state(DEFAULT_SEED);
  #result = $state.raw<RunResult | null>(null);
  #status = $state<RunStatus>('idle');
  #error = $state<string | null>(null);
  /** Requests are numbered so a slow, superseded run cannot overwrite a newer one. */
  #requestCount = 0;

  #layout = $derived.by<SequenceLayout | null>(() =>
    this.#result ? layoutSequence(this.#result.trace, { services: this.#scenario?.services.map((s) => s.name) ?? [] }) : null,
  );
  /** The world at the end of the run (entity depths, services), folded from the trace. */
  #finalState = $derived.by<RunState | null>(() => (this.#result ? foldTrace(this.#result.trace) : null));

  constructor(simulator: () => Simulator) {
    this.#simulator = simulator;
  }

  get scenarios() { return this.#scenarios; }
  get scenario() { return this.#scenario; }
  get seed() { return this.#seed; }
  get result() { return this.#result; }
  get status() { return this.#status; }
  get error() { return this.#error; }
  get layout() { return this.#layout; }
  get finalState() { return this.#finalState; }

  /** Load the built-in scenarios and run the default one with its first known seed. */
  async start(): Promise<void> {
    this.#status = 'loading';
    try {
      this.#scenarios = await this.#simulator().builtinScenarios();
    } catch (error) {
      this.#fail(error);
      return;
    }
    const first = this.#scenarios[0];
    if (first) await this.run(first, first.seeds?.[0] ?? DEFAULT_SEED);
  }

  async run(scenario: Scenario, seed: number): Promise<void> {
    const request = ++this.#requestCount;
    this.#scenario = scenario;
    this.#seed = seed;
    this.#status = 'running';
    this.#error = null;
    try {
      const result = await this.#simulator().run({ scenario, seed });
      if (request !== this.#requestCount) return;
      this.#result = result;
      this.#status = 'done';
    } catch (error) {
      if (request === this.#requestCount) this.#fail(error);
    }
  }

  selectScenario(id: string): Promise<void> {
    const scenario = this.#scenarios.find((s) => s.id === id);
    return scenario ? this.run(scenario, scenario.seeds?.[0] ?? this.#seed) : Promise.resolve();
  }

  rerun(seed: number): Promise<void> {
    return this.#scenario ? this.run(this.#scenario, seed) : Promise.resolve();
  }

  #fail(error: unknown): void {
    this.#status = 'error';
    this.#error = error instanceof Error ? error.message : String(error);
  }
}
