// A lesson's verdict on a set of handler files: "Check my code". Two kinds of run decide it.
// The lesson's own matrix — every listed seed × fault plan — judged by the lesson's named
// checks; and a crash sweep over the handlers under test (the files the solution changes, and
// any file the learner changed): a crash at every named crash point, for every message the
// handler receives (nth = 1, 2, … until the point is no longer reached), plus the service's
// outbox relay between its publish and its mark. A sweep run must keep the lesson's named
// checks and must leave no half flow behind (sweep.ts): nothing lost, nothing done twice,
// nothing announced whose transaction never committed.
//
// The same code decides in the tests (test/lessons) and on the site (through the worker, in
// batches: `LessonCheck.step`), so a verdict the learner sees is the one the suite proves.
// How the runs are numbered and their parts gathered (so workers can share them) is
// check-ordinals.ts; which crashes the sweep runs, read off its baseline, is check-sweep.ts;
// this module says what each run is and what the verdict makes of them.
// Synchronous and deterministic; it imports the engine, so the page reaches it only through
// the worker.

import { resultOf, type RunResult } from '../engine/run';
import { Simulation, checkedOnce } from '../engine/simulation';
import { hashTrace } from '../engine/trace/hash';
import { columnarTrace, eventsOf } from '../engine/checks/trace-source';
import type { TraceEvent } from '../engine/trace/types';
import type { FaultSpec, Scenario } from '../engine/scenario/types';
import { CRASH_POINTS } from '../engine/services/invocation';
import { isFileCode, resolveScenario, type CodeFiles } from './resolve';
import { sweepBaseline, sweepFindings, type SweepBaseline, type SweepFinding } from './sweep';
import type { Lesson } from './types';
import { CRASH_SWEEP } from './verdict-names';
import { runFigures, type RunFigures } from './capstone-figures';
import { CheckOrdinals, type CheckPart, type CheckRecord, type CheckRun, type RunFailure, type SweepTarget } from './check-ordinals';
import { SweepReaches, type SharedSweep } from './check-sweep';
import type { FaultHooks } from '../engine/faults/hooks';

/** What checking needs of a lesson (a Lesson will do; plain data, so it crosses to the worker). */
export type CheckableLesson = Pick<Lesson, 'id' | 'meta' | 'scenarios' | 'starter' | 'solution'> & Partial<Pick<Lesson, 'figures'>>;

export { CRASH_SWEEP } from './verdict-names';
export { SWEEP_RESTART_TICKS, type CheckPart, type CheckRecord, type CheckRun } from './check-ordinals';
export type { SharedSweep } from './check-sweep';
/** The hash of a run that passed: not computed (a verdict shows hashes of failed runs only). */
const HASH_LATER = '';
/** Crashes per (handler, point) at most: the sweep covers the first this-many messages. */
export const SWEEP_NTH_MAX = 8;
export interface CheckFailure {
  run: CheckRun;
  explanation: string;
  /** Trace seqs that show it (for "Show this run"). */
  eventRefs: number[];
}

export interface CheckVerdict {
  name: string;
  goal: string;
  passed: number;
  total: number;
  failure?: CheckFailure;
}

export interface FailedRun {
  run: CheckRun;
  /** Names of the checks it failed (CRASH_SWEEP for a half flow). */
  failed: string[];
  hash: string;
}

export interface LessonVerdict {
  /** Every check passed on every run (false when cancelled or the code cannot run). */
  solved: boolean;
  /** The lesson's named checks, in its order, then CRASH_SWEEP when a sweep ran. */
  checks: CheckVerdict[];
  failedRuns: FailedRun[];
  runs: number;
  cancelled: boolean;
  /** The code cannot run at all (a compile error, an invalid scenario): the first line. */
  error?: string;
  /** A capstone's figures (lesson.figures), one per run of its matrix, in run order. */
  figures?: { run: CheckRun; figures: RunFigures }[];
}

export interface CheckProgress {
  done: number;
  /** An estimate until the sweep knows how many messages each handler receives. */
  total: number;
}

export interface LessonCheckOptions {
  onProgress?: (progress: CheckProgress) => void;
  /** Asked before each run; true stops the check (the verdict says cancelled). */
  shouldStop?: () => boolean;
  /** Run the crash sweep (default true). */
  sweep?: boolean;
  /** Stop as soon as this check (a lesson check or CRASH_SWEEP) has failed once: enough to refuse a wrong answer. */
  stopOnFailure?: string;
}

/**
 * The handlers the sweep crashes: those the lesson's `crashSweep.handlers` names, else those
 * whose files the solution changes or the learner changed.
 */
export function handlersUnderTest(lesson: CheckableLesson, files: CodeFiles, scenario = lesson.scenarios.default): { service: string; handler: string; request: boolean }[] {
  const named = lesson.meta.crashSweep ? lesson.meta.crashSweep.handlers : undefined;
  const changed = new Set(Object.keys(lesson.solution));
  for (const [f, text] of Object.entries(files)) if (lesson.starter[f] !== undefined && text !== lesson.starter[f]) changed.add(f);
  const out: { service: string; handler: string; request: boolean }[] = [];
  for (const svc of scenario?.services ?? []) {
    for (const h of svc.handlers) {
      const chosen = named ? named.includes(`${svc.name}/${h.name}`) : isFileCode(h.code) && changed.has(h.code.file);
      if (chosen) out.push({ service: svc.name, handler: h.name, request: h.consumes === undefined });
    }
  }
  return out;
}

/** What the sweep crashes, in ordinal order: each handler at each of its crash points, then each service's outbox relay. */
export function sweepTargets(targets: { service: string; handler: string; request: boolean }[]): SweepTarget[] {
  const out: SweepTarget[] = [];
  const services = new Set<string>();
  for (const t of targets) {
    for (const point of CRASH_POINTS) if (point !== 'relay-after-publish-before-mark') out.push({ service: t.service, handler: t.handler, point, request: t.request });
    services.add(t.service);
  }
  for (const service of services) out.push({ service, handler: 'outbox-relay', point: 'relay-after-publish-before-mark', request: false });
  return out;
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

/** A validation error's first issue (a compile error names file, line and column), else the first line. */
function issuesText(error: unknown): string {
  const issues = (error as { issues?: { path: string; message: string }[] } | null)?.issues;
  return Array.isArray(issues) && issues[0] ? issues[0].message : firstLine(error);
}

/**
 * One lesson check, resumable: `step(runsMax)` does a few runs and returns, so the worker can
 * report progress and stop between batches. `checkLesson` drives it to the end.
 *
 * Its runs are numbered (check-ordinals.ts): `runAt(ordinal)` does any one of them, so several
 * checks of the same lesson and files (one per worker) can share the runs out, and `absorb`
 * gathers their parts into one; the verdict reads them in ordinal order.
 */
export class LessonCheck {
  private readonly scenario: Scenario | null = null;
  /** Scenario variants other plans run on (FaultPlan.scenario), resolved on first use. */
  private readonly variants = new Map<string, Scenario>();
  /** The runs, numbered, and the parts taken in. */
  private readonly ordinals: CheckOrdinals;
  private baseline: SweepBaseline | null = null;
  /** The lesson run with the sweep baseline's inputs (its ordinal), or -1: the baseline is that run. */
  private readonly baselineTwin: number;
  private runsDone = 0;
  private estimate = 0;
  private cancelledFlag = false;
  private readonly nthMax: number;
  private readonly firstRun: CheckRun;
  /** The named checks that judge sweep runs (null: all). */
  private readonly sweepChecks: Set<string> | null;
  /** The faults every sweep run starts from. */
  private readonly sweepFaults: FaultSpec[];

  constructor(private readonly lesson: CheckableLesson, private readonly files: CodeFiles, options: { sweep?: boolean } = {}) {
    let error: string | undefined;
    try {
      this.scenario = checkedOnce(resolveScenario(lesson as Lesson, files));
    } catch (e) {
      error = issuesText(e);
    }
    const planned: CheckRun[] = [];
    for (const plan of lesson.meta.faultPlans) for (const seed of lesson.meta.seeds) planned.push({ seed, faultPlan: plan.name, faults: plan.faults, ...(plan.scenario ? { scenario: plan.scenario } : {}) });
    this.firstRun = planned[0] ?? { seed: lesson.meta.seeds[0] ?? 1, faultPlan: 'no faults', faults: [] };
    const spec = lesson.meta.crashSweep;
    this.nthMax = (spec && spec.nthMax) || SWEEP_NTH_MAX;
    this.sweepChecks = spec && spec.checks ? new Set(spec.checks) : null;
    const sweepFaults = (this.sweepFaults = (spec && spec.faultPlan && lesson.meta.faultPlans.find((p) => p.name === spec.faultPlan)?.faults) || []);
    const targets = options.sweep !== false && spec !== false && this.scenario ? sweepTargets(handlersUnderTest(lesson, files)) : [];
    this.ordinals = new CheckOrdinals(planned, targets, this.sweepSeed, sweepFaults);
    if (error !== undefined) this.ordinals.noteError(-1, error);
    // The sweep's baseline is often one of the lesson's own runs (first seed, the sweep's plan): that run is the baseline.
    const seed = this.sweepSeed;
    const faults = JSON.stringify(sweepFaults);
    this.baselineTwin = targets.length > 0 ? planned.findIndex((p) => !p.scenario && p.seed === seed && JSON.stringify(p.faults) === faults) : -1;
    this.estimate = planned.length + (targets.length > 0 ? 1 + targets.length * 2 : 0);
  }

  private get sweepSeed(): number {
    return this.lesson.meta.seeds[0] ?? 1;
  }

  private get error(): string | undefined {
    return this.ordinals.error;
  }

  get done(): number { return this.runsDone; }
  get finished(): boolean { return this.error !== undefined || this.cancelledFlag || (this.ordinals.plannedOver && this.ordinals.sweepOver); }
  get progress(): CheckProgress { return { done: this.runsDone, total: Math.max(this.estimate, this.runsDone) }; }

  /** Progress when several workers share the runs: the runs taken in, of all the check will count. */
  get sharedProgress(): CheckProgress {
    return this.ordinals.sharedProgress;
  }

  cancel(): void { this.cancelledFlag = true; }

  /** Has `name` (a check, or CRASH_SWEEP) failed on a run so far? */
  hasFailed(name: string): boolean {
    return this.ordinals.hasFailed(name);
  }

  /** Does up to `runsMax` runs, in ordinal order; true when the check is finished. */
  step(runsMax = 1): boolean {
    for (let i = 0; i < runsMax && !this.finished; i++) this.runOne();
    return this.finished;
  }

  private runOne(): void {
    const o = this.ordinals;
    if (!o.plannedOver) {
      this.absorb(this.runAt(o.takePlanned()));
      return;
    }
    if (!o.crashesKnown) {
      this.prepareSweep();
      return;
    }
    if (o.sweepOver) return;
    this.absorb(this.runAt(o.takeSweep()));
  }

  /** The lesson's runs: ordinals [0, plannedRuns). */
  get plannedRuns(): number {
    return this.ordinals.plannedRuns;
  }

  /** The sweep's baseline has run (or there is no sweep): `sweepRuns` is known. */
  get sweepPlanned(): boolean {
    return this.ordinals.sweepPlanned || this.error !== undefined;
  }

  /** The sweep's crash runs (ordinals [plannedRuns, plannedRuns + sweepRuns)), once the baseline has run. */
  get sweepRuns(): number {
    return this.ordinals.sweepRuns;
  }

  /** The ordinal of the lesson run that is also the sweep's baseline (-1: none); `prepareSweep` records it. */
  get baselineOrdinal(): number {
    return this.baselineTwin;
  }

  /**
   * Runs the sweep's baseline (once; nothing without a sweep) and plans the sweep's crashes.
   * When the baseline is one of the lesson's runs, that run is recorded too (`record`: false
   * leaves it to whoever runs its ordinal — another worker of the pool).
   */
  prepareSweep(record = true): CheckPart | null {
    const o = this.ordinals;
    if (o.crashesKnown || o.targets.length === 0 || this.error !== undefined) return null;
    const twin = this.baselineTwin;
    const reaches = new SweepReaches(this.nthMax);
    const planned = twin >= 0 ? o.planned[twin]! : null;
    const ran = this.run(planned ?? { seed: this.sweepSeed, faultPlan: 'crash sweep: no crash', faults: this.sweepFaults }, twin >= 0 ? twin : o.plannedRuns, reaches.hook());
    if (!ran) {
      o.planSweep([]);
      return { ordinal: twin >= 0 ? twin : o.plannedRuns, error: this.error! };
    }
    this.baseline = sweepBaseline(ran.trace);
    const crashes = reaches.crashes(o.targets);
    o.planSweep(crashes);
    this.estimate = this.runsDone + crashes.length + o.plannedLeft;
    if (planned && record) {
      const part: CheckPart = { ordinal: twin, record: this.recordOf(twin, planned, ran.result, false, []) };
      o.skipPlanned(twin);
      return part;
    }
    if (planned) this.runsDone--; // another worker runs (and counts) the lesson run
    return null;
  }

  /**
   * Does the run `ordinal` (a lesson run, or a sweep crash: the baseline runs first when it has
   * not) and returns what it left. In order, a sweep crash that never struck ends its target's
   * crashes (`absorb` drops later ones).
   */
  runAt(ordinal: number): CheckPart {
    const o = this.ordinals;
    if (ordinal < o.plannedRuns) {
      const planned = o.planned[ordinal]!;
      if (ordinal === this.baselineTwin && !o.crashesKnown) {
        const part = this.prepareSweep();
        if (part) return part;
      }
      const ran = this.run(planned, ordinal);
      if (!ran) return { ordinal, error: this.error! };
      return { ordinal, record: this.recordOf(ordinal, planned, ran.result, false, []) };
    }
    if (!o.crashesKnown) {
      const part = this.prepareSweep(false);
      if (part && 'error' in part) return { ordinal, error: part.error };
    }
    const crash = o.sweepRunAt(ordinal);
    if (!crash || !this.baseline) return { ordinal, error: this.error ?? `no run ${ordinal} in this check` };
    const { run, target } = crash;
    const ran = this.run(run, ordinal);
    if (!ran) return { ordinal, error: this.error! };
    const struck = eventsOf(ran.trace, ['fault.injected']).find((e) => {
      if (e.data.fault !== 'crash') return false;
      const d = e.data.details as { point?: unknown; handler?: unknown } | undefined;
      return d?.point === target.point && d?.handler === target.handler && e.data.target === target.service;
    });
    if (!struck) {
      this.runsDone--; // a probe past the last message: not a run of the verdict
      this.estimate--;
      return { ordinal, unreached: true };
    }
    const s = sweepFindings(ran.trace, this.baseline, struck.seq);
    return { ordinal, record: this.recordOf(ordinal, run, ran.result, s.requestFailed, s.findings) };
  }

  /** Takes in a part (this check's own, or another worker's for the same lesson and files). */
  absorb(part: CheckPart | null): void {
    this.ordinals.absorb(part);
  }

  /**
   * The sweep's plan and baseline, once its baseline ran here: what another worker's check of
   * the same lesson and files needs to run sweep crashes without running the baseline again
   * (plain data; null while unknown, or when the baseline failed).
   */
  get sharedSweep(): SharedSweep | null {
    const crashes = this.ordinals.plannedCrashes;
    return crashes && this.baseline ? { crashes: [...crashes], baseline: this.baseline } : null;
  }

  /**
   * Takes in the sweep's plan and baseline from another check of the same lesson and files (the
   * pool's: `sharedSweep`). Runs are deterministic, so they are what this check's own baseline
   * run would give; a check that already planned its sweep keeps its own.
   */
  adoptSweep(shared: SharedSweep): void {
    if (this.ordinals.crashesKnown || this.ordinals.targets.length === 0 || this.error !== undefined) return;
    this.baseline = shared.baseline;
    this.ordinals.planSweep(shared.crashes);
  }

  /** One run; `counter` (the sweep's baseline) counts the crash points it reaches (check-sweep.ts); `trace` builds only the events the sweep reads. */
  private run(run: CheckRun, ordinal: number, counter?: FaultHooks): { result: RunResult; trace: readonly TraceEvent[] } | null {
    this.runsDone++;
    try {
      // The trace's hash is only shown for a failed run: fold it in then (record), not on every run.
      const sim = new Simulation(this.scenarioOf(run), { seed: run.seed, faults: run.faults });
      // Last in the hooks, where the sweep's own crash fault is asked.
      if (counter) sim.world.hooks.push(counter);
      try {
        sim.runToEnd();
        return { result: resultOf(sim, HASH_LATER), trace: columnarTrace(sim.world.trace.columns) };
      } finally {
        sim.dispose(); // its handler realms go back to the pool now, not when 48 others pushed them out
      }
    } catch (error) {
      // The scenario is the same on every run: code that cannot start fails them all.
      this.ordinals.noteError(ordinal, issuesText(error));
      return null;
    }
  }

  private scenarioOf(run: CheckRun): Scenario {
    if (!run.scenario || run.scenario === 'default') return this.scenario!;
    let s = this.variants.get(run.scenario);
    if (!s) this.variants.set(run.scenario, (s = checkedOnce(resolveScenario(this.lesson as Lesson, this.files, run.scenario))));
    return s;
  }

  private recordOf(ordinal: number, run: CheckRun, result: RunResult, skipChecks: boolean, findings: SweepFinding[]): CheckRecord {
    const failed: RunFailure[] = [];
    const judged = (name: string) => !run.sweep || !this.sweepChecks || this.sweepChecks.has(name);
    const fail = (name: string, f: RunFailure[1]) => {
      const at = failed.findIndex(([n]) => n === name);
      if (at >= 0) failed[at] = [name, f];
      else failed.push([name, f]);
    };
    if (!skipChecks) for (const c of result.checks) if (!c.valid && judged(c.name)) fail(c.name, { explanation: c.errors[0]?.explanation ?? 'failed', eventRefs: c.errors[0]?.eventRefs ?? [] });
    if (result.endReason === 'eventsMax') fail('*', { explanation: 'the run never settled: it hit the event limit (a message going round forever?)', eventRefs: [] });
    if (findings.length > 0) fail(CRASH_SWEEP, { explanation: findings[0]!.explanation, eventRefs: findings[0]!.eventRefs });
    return {
      ordinal, run, failed, hash: failed.length > 0 ? hashTrace(result.trace) : result.hash, checksJudged: !skipChecks,
      ...(this.lesson.figures && !run.sweep ? { figures: runFigures(result.trace, this.lesson.figures, this.scenarioOf(run)) } : {}),
    };
  }

  verdict(): LessonVerdict {
    const results = this.ordinals.counted();
    const targets = this.ordinals.targets;
    const names = this.lesson.meta.checks.map((c) => ({ name: c.name, goal: c.goal }));
    const swept = targets.length > 0 && results.some((r) => r.run.sweep);
    const crashed = [...new Set(targets.filter((t) => t.handler !== 'outbox-relay').map((t) => `${t.service}/${t.handler}`))];
    if (swept) names.push({ name: CRASH_SWEEP, goal: `Nothing is lost, done twice or announced uncommitted when ${crashed.join(', ')} crash${crashed.length > 1 ? '' : 'es'} at any point` });
    const failureOf = (r: CheckRecord, name: string) => (r.failed.find(([n]) => n === name) ?? r.failed.find(([n]) => n === '*'))?.[1];
    const checks: CheckVerdict[] = names.map(({ name, goal }) => {
      const v: CheckVerdict = { name, goal, passed: 0, total: 0 };
      for (const r of results) {
        if (name === CRASH_SWEEP ? !r.run.sweep : r.run.sweep && (!r.checksJudged || (this.sweepChecks && !this.sweepChecks.has(name)))) continue;
        v.total++;
        const f = failureOf(r, name);
        if (!f) v.passed++;
        else if (!v.failure) v.failure = { run: r.run, explanation: f.explanation, eventRefs: f.eventRefs };
      }
      if (this.error !== undefined) v.failure = { run: this.firstRun, explanation: `the code cannot run: ${this.error}`, eventRefs: [] };
      return v;
    });
    const failedRuns = results.filter((r) => r.failed.length > 0).map((r) => ({ run: r.run, failed: r.failed.map(([k]) => (k === '*' ? 'run' : k)), hash: r.hash }));
    const solved = this.error === undefined && !this.cancelledFlag && this.finished && failedRuns.length === 0 && results.length > 0;
    const figures = results.filter((r) => r.figures).map((r) => ({ run: r.run, figures: r.figures! }));
    return { solved, checks, failedRuns, runs: results.length, cancelled: this.cancelledFlag, ...(this.error !== undefined ? { error: this.error } : {}), ...(this.lesson.figures ? { figures } : {}) };
  }
}

/** Checks `files` against a lesson: the lesson's runs and the crash sweep, to the end. */
export function checkLesson(lesson: CheckableLesson, files: CodeFiles, options: LessonCheckOptions = {}): LessonVerdict {
  const check = new LessonCheck(lesson, files, options);
  while (!check.finished) {
    if (options.shouldStop?.()) {
      check.cancel();
      break;
    }
    check.step(1);
    options.onProgress?.(check.progress);
    if (options.stopOnFailure !== undefined && check.hasFailed(options.stopOnFailure)) break;
  }
  return check.verdict();
}
