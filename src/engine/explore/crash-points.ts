// The crash-point explorer: crash once at every named crash point of every handler (and of
// each outbox relay), one run per point, and tabulate the outcome — ok, lost or duplicated —
// against a run without the crash. It makes the dual-write interview question visible: with a
// direct publish after the commit, "after-commit-before-publish" loses the event; with the
// outbox and an inbox every row says ok. Pure and synchronous; a progress callback reports each
// row and can stop the exploration by returning false.
//
// A crash run is the baseline until its crash strikes (the fault has no effect before, and its
// random stream is its own), so the baseline also counts how often it reached each handler's
// crash points (a hook last in the run's hooks, where the crash fault would be asked): a crash
// the baseline never reached nth times would never strike, and its run would be the baseline
// itself. Its row is written from the baseline without running it.

import { resultOf, type RunResult } from '../run';
import { Simulation, checkedOnce } from '../simulation';
import { validateFaults } from '../scenario/validate';
import { onBroker } from '../scenario/broker-switch';
import { FAULT_BOUNDS } from '../scenario/bounds';
import type { FaultSpec, Scenario } from '../scenario/types';
import type { TraceEvent } from '../trace/types';
import type { FaultHooks } from '../faults/hooks';
import { CRASH_POINTS, type CrashPoint } from '../services/invocation';
import { columnarTrace, eventsOf } from '../checks/trace-source';
import { classify, profile, type Classification, type Outcome } from './outcome';

export interface CrashPointRow {
  service: string;
  handler: string;
  point: CrashPoint;
  /** 'not-reached' when the run never passed this point (nothing crashed). */
  outcome: Outcome | 'not-reached';
  reasons: string[];
  fault: FaultSpec;
  hash: string;
}

export interface ExploreOptions {
  seed?: number;
  /** Crash at the nth time the point is reached (default 1). */
  nth?: number;
  restartAfterTicks?: number;
  /** Faults present in every run (the plan being explored around). */
  faults?: FaultSpec[];
  /** Called after each run; return false to stop. */
  onProgress?: (progress: { done: number; total: number; row: CrashPointRow }) => boolean | void;
  /** Include rows for points never reached (default false). */
  includeNotReached?: boolean;
}

export interface ExploreResult {
  rows: CrashPointRow[];
  runs: number;
  cancelled: boolean;
}

export function crashTargets(scenario: Scenario): { service: string; handler: string; point: CrashPoint }[] {
  const targets: { service: string; handler: string; point: CrashPoint }[] = [];
  for (const svc of scenario.services) {
    for (const h of svc.handlers) for (const point of CRASH_POINTS) if (point !== 'relay-after-publish-before-mark') targets.push({ service: svc.name, handler: h.name, point });
    targets.push({ service: svc.name, handler: 'outbox-relay', point: 'relay-after-publish-before-mark' });
  }
  return targets;
}

/**
 * One run to the end, as runScenario does it, with the trace also read from its columns: the
 * explorer reads a few kinds of event (crashes, commits), built alone, not the whole trace.
 */
function runKept(scenario: Scenario, options: { seed?: number; faults: FaultSpec[] }, hook?: FaultHooks): { result: RunResult; trace: readonly TraceEvent[] } {
  const sim = new Simulation(scenario, options);
  if (hook) sim.world.hooks.push(hook);
  try {
    sim.runToEnd();
  } finally {
    sim.dispose();
  }
  return { result: resultOf(sim), trace: columnarTrace(sim.world.trace.columns) };
}

/** Runs the scenario to the end, counting the crash points each handler reaches ("service/handler/point"). */
function runCounting(scenario: Scenario, options: { seed?: number; faults: FaultSpec[] }): { result: RunResult; trace: readonly TraceEvent[]; reaches: Map<string, number> } {
  const reaches = new Map<string, number>();
  const run = runKept(scenario, options, {
    crashAt(inv, point) {
      const key = `${inv.service.name}/${inv.handler.spec.name}/${point}`;
      reaches.set(key, (reaches.get(key) ?? 0) + 1);
      return null;
    },
  });
  return { ...run, reaches };
}

/** A crash point's key in `strikes` (names may hold any character but NUL). */
const strikeKey = (service: string, handler: string, point: string) => `${service}\u0000${handler}\u0000${point}`;

/** Crashes injected during a run, by service, handler and point (strikeKey). */
function strikes(trace: readonly TraceEvent[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of eventsOf(trace, ['fault.injected'])) {
    if (e.data.fault !== 'crash') continue;
    const details = e.data.details as { point?: unknown; handler?: unknown } | undefined;
    if (typeof e.data.target !== 'string' || typeof details?.handler !== 'string' || typeof details.point !== 'string') continue;
    const key = strikeKey(e.data.target, details.handler, details.point);
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** The fault plan is one a run would accept (else the crash is run, and refused, as before). */
function acceptable(scenario: Scenario, faults: FaultSpec[]): boolean {
  return (scenario.faults?.length ?? 0) + faults.length <= FAULT_BOUNDS.faultsMax && validateFaults(faults, 'faultPlan', onBroker(scenario)).length === 0;
}

export function exploreCrashPoints(authored: Scenario, options: ExploreOptions = {}): ExploreResult {
  const scenario = checkedOnce(authored); // every run has the same scenario: validated once
  const base = { ...(options.seed !== undefined ? { seed: options.seed } : {}), faults: options.faults ?? [] };
  const { result: baseRun, trace: baseTrace, reaches } = runCounting(scenario, base);
  const baseline = profile(baseTrace);
  const baseStrikes = strikes(baseTrace);
  const targets = crashTargets(scenario);
  const rows: CrashPointRow[] = [];
  const nth = options.nth ?? 1;
  let runs = 1;
  let baseOutcome: Classification | undefined;
  for (const [i, t] of targets.entries()) {
    const fault: FaultSpec = { type: 'crash', service: t.service, handler: t.handler, point: t.point, nth, restartAfterTicks: options.restartAfterTicks ?? 1000 };
    const faults = [...base.faults, fault];
    const unstruck = (reaches.get(`${t.service}/${t.handler}/${t.point}`) ?? 0) < nth && acceptable(scenario, faults);
    const crashRun = unstruck ? null : runKept(scenario, { ...base, faults });
    const run = crashRun ? crashRun.result : baseRun;
    if (!unstruck) runs++;
    // Reached when this crash struck: the run has one more crash at this point than the baseline
    // (a scenario's own crashes are in both; one that struck elsewhere is not this point's).
    const key = strikeKey(t.service, t.handler, t.point);
    const reached = !!crashRun && (strikes(crashRun.trace).get(key) ?? 0) > (baseStrikes.get(key) ?? 0);
    const c = reached ? (unstruck ? (baseOutcome ??= classify(baseRun, baseline, baseTrace)) : classify(run, baseline, crashRun!.trace)) : { outcome: 'not-reached' as const, reasons: [] };
    const row: CrashPointRow = { ...t, outcome: c.outcome, reasons: [...c.reasons], fault, hash: run.hash };
    if (reached || options.includeNotReached) rows.push(row);
    if (options.onProgress?.({ done: i + 1, total: targets.length, row }) === false) return { rows, runs, cancelled: true };
  }
  return { rows, runs, cancelled: false };
}

/** The table as text: one line per point, aligned. */
export function formatCrashTable(rows: CrashPointRow[]): string {
  const w = (s: string, n: number) => s.padEnd(n);
  const lines = rows.map((r) => `${w(`${r.service}/${r.handler}`, 32)} ${w(r.point, 32)} ${w(r.outcome, 16)} ${r.reasons[0] ?? ''}`);
  return [`${w('handler', 32)} ${w('crash point', 32)} ${w('outcome', 16)} why`, ...lines].join('\n') + '\n';
}
