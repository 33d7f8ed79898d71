// Running a scenario to the end in one call: the result every host (CLI, worker, tests) uses.
// Checks run over the finished trace and the final databases; the hash fingerprints the trace.

import { Simulation, type SimulationOptions } from './simulation';
import type { Scenario } from './scenario/types';
import type { EndReason, TraceEvent, TraceKind } from './trace/types';
import { hashEvents } from './trace/hash';
import { columnarTrace, countOf } from './checks/trace-source';
import { runCheck } from './checks/registry';
import type { CheckResult } from './checks/types';
import type { Json } from './scenario/json';

export interface RunMetrics {
  /** Outcome counts: requests, published, delivered, acked, failed, retried, deadLettered… */
  counts: Record<string, number>;
  events: number;
  endTick: number;
}

export interface RunResult {
  scenarioId: string;
  seed: number;
  trace: TraceEvent[];
  hash: string;
  endTick: number;
  endReason: EndReason;
  metrics: RunMetrics;
  checks: CheckResult[];
  finalDb: Record<string, Record<string, Record<string, Json>>>;
}

const OUTCOMES: [string, TraceKind][] = [
  ['requests', 'request.received'],
  ['published', 'message.published'],
  ['delivered', 'message.delivered'],
  ['acked', 'message.acked'],
  ['failed', 'handler.failed'],
  ['retried', 'retry.scheduled'],
  ['lockExpired', 'message.lock-expired'],
  ['deadLettered', 'message.dead-lettered'],
  ['duplicatesSkipped', 'inbox.duplicate-skipped'],
  ['unroutable', 'message.unroutable'],
  ['crashes', 'service.crashed'],
  ['faults', 'fault.injected'],
];

export function countOutcomes(trace: readonly TraceEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, kind] of OUTCOMES) counts[name] = countOf(trace, kind);
  return counts;
}

/** Checks to run: the scenario's, or no-loss when it names none. */
export function checkNames(scenario: Scenario): string[] {
  return scenario.checks?.length ? scenario.checks.map((c) => c.name) : ['no-loss'];
}

export function runScenario(scenario: Scenario, options: SimulationOptions = {}): RunResult {
  const sim = new Simulation(scenario, options);
  try {
    sim.runToEnd();
  } finally {
    sim.dispose();
  }
  return resultOf(sim);
}

/** The result of a finished simulation; `hash`, when given, is the trace's hash folded in already (streaming). */
export function resultOf(sim: Simulation, hash?: string): RunResult {
  const summary = new RunSummarizer(sim, hash);
  while (!summary.step());
  return summary.result();
}

/**
 * A finished simulation's result, computed a check at a time (`step`), so a host can report
 * progress between checks (the worker, on a long run). The checks read the trace from its
 * columns (checks/trace-source.ts): only the events a check reads are built. The result's
 * `trace` array is built when first read.
 */
export class RunSummarizer {
  private readonly trace: readonly TraceEvent[];
  private readonly specs: { name: string; options?: Json }[];
  private readonly checks: CheckResult[] = [];
  private readonly finalDb: RunResult['finalDb'] = {};

  constructor(
    private readonly sim: Simulation,
    private readonly hash?: string,
  ) {
    this.trace = columnarTrace(sim.world.trace.columns);
    this.specs = sim.scenario.checks?.length ? sim.scenario.checks : [{ name: 'no-loss' }];
    for (const [name, svc] of sim.world.services) this.finalDb[name] = svc.db.snapshot();
  }

  /** Checks to run in all, and run so far. */
  get checkCount(): number {
    return this.specs.length;
  }

  get checksDone(): number {
    return this.checks.length;
  }

  /** The check `step` runs next (undefined when all ran). */
  get nextCheck(): string | undefined {
    return this.specs[this.checks.length]?.name;
  }

  /** Runs the next check; true when every check has run. */
  step(): boolean {
    const c = this.specs[this.checks.length];
    if (c) this.checks.push(runCheck(c.name, { trace: this.trace, scenario: this.sim.scenario, finalDb: this.finalDb, options: c.options, faults: this.sim.faults }));
    return this.checks.length >= this.specs.length;
  }

  /** The result, once every check has run. */
  result(): RunResult {
    if (this.checks.length < this.specs.length) throw new Error('RunSummarizer: checks still to run');
    const world = this.sim.world;
    const recorder = world.trace;
    let built: TraceEvent[] | undefined;
    const result = {
      scenarioId: this.sim.scenario.id,
      seed: this.sim.seed,
      hash: this.hash ?? hashEvents(recorder.columns.length, (i) => recorder.event(i)),
      endTick: world.now(),
      endReason: world.endReason ?? 'quiescent',
      metrics: { counts: countOutcomes(this.trace), events: recorder.length, endTick: world.now() },
      checks: this.checks,
      finalDb: this.finalDb,
    } as Omit<RunResult, 'trace'> as RunResult;
    // Every event as an object, built when a reader first asks (the worker's summary never does).
    Object.defineProperty(result, 'trace', { get: () => (built ??= recorder.array()), enumerable: true, configurable: true });
    return result;
  }
}
