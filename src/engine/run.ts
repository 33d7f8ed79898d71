// Running a scenario to the end in one call: the result every host (CLI, worker, tests) uses.
// Checks run over the finished trace and the final databases; the hash fingerprints the trace.

import { Simulation, type SimulationOptions } from './simulation';
import type { Scenario } from './scenario/types';
import type { EndReason, TraceEvent, TraceKind } from './trace/types';
import { hashTrace } from './trace/hash';
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
  const byKind = new Map<string, number>();
  for (const e of trace) byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + 1);
  const counts: Record<string, number> = {};
  for (const [name, kind] of OUTCOMES) counts[name] = byKind.get(kind) ?? 0;
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
  const world = sim.world;
  const trace = world.trace.array();
  const finalDb: RunResult['finalDb'] = {};
  for (const [name, svc] of world.services) finalDb[name] = svc.db.snapshot();
  const checks = (sim.scenario.checks?.length ? sim.scenario.checks : [{ name: 'no-loss' }]).map((c) =>
    runCheck(c.name, { trace, scenario: sim.scenario, finalDb, options: c.options, faults: sim.faults }),
  );
  return {
    scenarioId: sim.scenario.id,
    seed: sim.seed,
    trace,
    hash: hash ?? hashTrace(trace),
    endTick: world.now(),
    endReason: world.endReason ?? 'quiescent',
    metrics: { counts: countOutcomes(trace), events: world.trace.length, endTick: world.now() },
    checks,
    finalDb,
  };
}
