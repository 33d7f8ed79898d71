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
// Synchronous and deterministic; it imports the engine, so the page reaches it only through
// the worker.

import { resultOf, type RunResult } from '../engine/run';
import { Simulation } from '../engine/simulation';
import { hashTrace } from '../engine/trace/hash';
import type { FaultSpec, Scenario } from '../engine/scenario/types';
import { CRASH_POINTS, type CrashPoint } from '../engine/services/invocation';
import { isFileCode, resolveScenario, type CodeFiles } from './resolve';
import { sweepBaseline, sweepFindings, type SweepBaseline, type SweepFinding } from './sweep';
import type { Lesson } from './types';
import { CRASH_SWEEP } from './verdict-names';
import { runFigures, type RunFigures } from './capstone-figures';

/** What checking needs of a lesson (a Lesson will do; plain data, so it crosses to the worker). */
export type CheckableLesson = Pick<Lesson, 'id' | 'meta' | 'scenarios' | 'starter' | 'solution'> & Partial<Pick<Lesson, 'figures'>>;

export { CRASH_SWEEP } from './verdict-names';
/** The hash of a run that passed: not computed (a verdict shows hashes of failed runs only). */
const HASH_LATER = '';
/** Crashes per (handler, point) at most: the sweep covers the first this-many messages. */
export const SWEEP_NTH_MAX = 8;
/** How long a swept service stays down after its crash. */
export const SWEEP_RESTART_TICKS = 10;

export interface CheckRun {
  seed: number;
  /** The fault plan's name, or a sweep label ("crash sweep: Ordering/PlaceOrder mid-transaction #2"). */
  faultPlan: string;
  faults: FaultSpec[];
  /** The scenario.ts export the plan runs on (absent: the default). */
  scenario?: string;
  /** Present for crash-sweep runs. */
  sweep?: { service: string; handler: string; point: CrashPoint; nth: number };
}

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

interface SweepTarget {
  service: string;
  handler: string;
  point: CrashPoint;
  /** The entry handler of its flows (called by the workload): a crash before its commit fails the request. */
  request: boolean;
}

function sweepTargets(targets: { service: string; handler: string; request: boolean }[]): SweepTarget[] {
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
 */
export class LessonCheck {
  private readonly scenario: Scenario | null = null;
  /** Scenario variants other plans run on (FaultPlan.scenario), resolved on first use. */
  private readonly variants = new Map<string, Scenario>();
  private readonly planned: CheckRun[] = [];
  private readonly sweep: SweepTarget[] = [];
  private readonly results: { run: CheckRun; failed: Map<string, { explanation: string; eventRefs: number[] }>; hash: string; checksJudged: boolean }[] = [];
  private readonly figures: { run: CheckRun; figures: RunFigures }[] = [];
  private baseline: SweepBaseline | null = null;
  /** A lesson run with the sweep baseline's inputs, reused instead of running them again. */
  private sameAsBaseline: RunResult | null = null;
  private sweepIndex = 0;
  /** How often the sweep baseline reached each service/handler/point (see run). */
  private reaches = new Map<string, number>();
  /** The invocation at each reach of after-effect-before-ack and before-ack, in the baseline. */
  private readonly reachedBy = new Map<string, object[]>();
  private sweepNth = 1;
  private runsDone = 0;
  private estimate = 0;
  private cancelledFlag = false;
  private error: string | undefined;
  private readonly nthMax: number;
  private readonly firstRun: CheckRun;
  /** The named checks that judge sweep runs (null: all). */
  private readonly sweepChecks: Set<string> | null;
  /** The faults every sweep run starts from. */
  private readonly sweepFaults: FaultSpec[];

  constructor(private readonly lesson: CheckableLesson, private readonly files: CodeFiles, options: { sweep?: boolean } = {}) {
    try {
      this.scenario = resolveScenario(lesson as Lesson, files);
    } catch (error) {
      this.error = issuesText(error);
    }
    for (const plan of lesson.meta.faultPlans) for (const seed of lesson.meta.seeds) this.planned.push({ seed, faultPlan: plan.name, faults: plan.faults, ...(plan.scenario ? { scenario: plan.scenario } : {}) });
    this.firstRun = this.planned[0] ?? { seed: lesson.meta.seeds[0] ?? 1, faultPlan: 'no faults', faults: [] };
    const spec = lesson.meta.crashSweep;
    this.nthMax = (spec && spec.nthMax) || SWEEP_NTH_MAX;
    this.sweepChecks = spec && spec.checks ? new Set(spec.checks) : null;
    this.sweepFaults = (spec && spec.faultPlan && lesson.meta.faultPlans.find((p) => p.name === spec.faultPlan)?.faults) || [];
    if (options.sweep !== false && spec !== false && this.scenario) this.sweep = sweepTargets(handlersUnderTest(lesson, files));
    this.estimate = this.planned.length + (this.sweep.length > 0 ? 1 + this.sweep.length * 2 : 0);
  }

  get done(): number { return this.runsDone; }
  get finished(): boolean { return this.error !== undefined || this.cancelledFlag || (this.planned.length === 0 && this.sweepIndex >= this.sweep.length); }
  get progress(): CheckProgress { return { done: this.runsDone, total: Math.max(this.estimate, this.runsDone) }; }

  cancel(): void { this.cancelledFlag = true; }

  /** Has `name` (a check, or CRASH_SWEEP) failed on a run so far? */
  hasFailed(name: string): boolean {
    return this.error !== undefined || this.results.some((r) => r.failed.has(name) || r.failed.has('*'));
  }

  /** Does up to `runsMax` runs; true when the check is finished. */
  step(runsMax = 1): boolean {
    for (let i = 0; i < runsMax && !this.finished; i++) this.runOne();
    return this.finished;
  }

  private run(run: CheckRun, reaches?: Map<string, number>): RunResult | null {
    this.runsDone++;
    try {
      // The trace's hash is only shown for a failed run: fold it in then (record), not on every run.
      const sim = new Simulation(this.scenarioOf(run), { seed: run.seed, faults: run.faults });
      // Count every crash point each handler reaches where a sweep crash would be asked (last in
      // the hooks, as the sweep's own crash fault is): a run is the same as this one until its
      // crash strikes, so the nth crash at a point happens exactly when this run reached it n times.
      if (reaches) {
        sim.world.hooks.push({
          crashAt: (inv, point) => {
            const key = `${inv.service.name}/${inv.handler.spec.name}/${point}`;
            reaches.set(key, (reaches.get(key) ?? 0) + 1);
            if (point === 'after-effect-before-ack' || point === 'before-ack') {
              const list = this.reachedBy.get(key);
              if (list) list.push(inv);
              else this.reachedBy.set(key, [inv]);
            }
            return null;
          },
        });
      }
      try {
        sim.runToEnd();
        return resultOf(sim, HASH_LATER);
      } finally {
        sim.dispose(); // its handler realms go back to the pool now, not when 48 others pushed them out
      }
    } catch (error) {
      // The scenario is the same on every run: code that cannot start fails them all.
      this.error = issuesText(error);
      return null;
    }
  }

  private scenarioOf(run: CheckRun): Scenario {
    if (!run.scenario || run.scenario === 'default') return this.scenario!;
    let s = this.variants.get(run.scenario);
    if (!s) this.variants.set(run.scenario, (s = resolveScenario(this.lesson as Lesson, this.files, run.scenario)));
    return s;
  }

  private record(run: CheckRun, result: RunResult, skipChecks: boolean, findings: SweepFinding[]): void {
    const failed = new Map<string, { explanation: string; eventRefs: number[] }>();
    const judged = (name: string) => !run.sweep || !this.sweepChecks || this.sweepChecks.has(name);
    if (!skipChecks) for (const c of result.checks) if (!c.valid && judged(c.name)) failed.set(c.name, { explanation: c.errors[0]?.explanation ?? 'failed', eventRefs: c.errors[0]?.eventRefs ?? [] });
    if (result.endReason === 'eventsMax') failed.set('*', { explanation: 'the run never settled: it hit the event limit (a message going round forever?)', eventRefs: [] });
    if (findings.length > 0) failed.set(CRASH_SWEEP, { explanation: findings[0]!.explanation, eventRefs: findings[0]!.eventRefs });
    this.results.push({ run, failed, hash: failed.size > 0 ? hashTrace(result.trace) : result.hash, checksJudged: !skipChecks });
    if (this.lesson.figures && !run.sweep) this.figures.push({ run, figures: runFigures(result.trace, this.lesson.figures, this.scenarioOf(run)) });
  }

  private runOne(): void {
    const planned = this.planned.shift();
    const seed = this.lesson.meta.seeds[0] ?? 1;
    if (planned) {
      // The sweep's baseline is often one of the lesson's own runs (first seed, the sweep's plan): keep it.
      const baseline = this.sweep.length > 0 && !this.sameAsBaseline && !planned.scenario && planned.seed === seed && JSON.stringify(planned.faults) === JSON.stringify(this.sweepFaults);
      const reaches = baseline ? new Map<string, number>() : undefined;
      const result = this.run(planned, reaches);
      if (result) this.record(planned, result, false, []);
      if (result && baseline) {
        this.sameAsBaseline = result;
        this.reaches = reaches!;
      }
      return;
    }
    if (!this.baseline) {
      if (!this.sameAsBaseline) this.reaches = new Map();
      const result = this.sameAsBaseline ?? this.run({ seed, faultPlan: 'crash sweep: no crash', faults: this.sweepFaults }, this.reaches);
      this.sameAsBaseline = null;
      if (!result) {
        this.sweepIndex = this.sweep.length;
        return;
      }
      this.baseline = sweepBaseline(result);
      this.estimate = this.runsDone + this.sweep.reduce((n, t) => n + Array.from({ length: this.reachedTimes(t) }, (_, i) => i + 1).filter((nth) => !this.sameAsEarlierCrash(t, nth)).length, 0);
      return;
    }
    // A point the baseline never reached an nth time is skipped: a crash there cannot strike,
    // and the run would be the baseline again.
    // A crash the sweep has already run (the same moment under another point's name) is skipped too.
    while (this.sweepIndex < this.sweep.length) {
      const t = this.sweep[this.sweepIndex]!;
      if (this.sweepNth > this.reachedTimes(t)) {
        this.sweepIndex++;
        this.sweepNth = 1;
      } else if (this.sameAsEarlierCrash(t, this.sweepNth)) this.sweepNth++;
      else break;
    }
    if (this.sweepIndex >= this.sweep.length) return;
    const target = this.sweep[this.sweepIndex]!;
    const nth = this.sweepNth;
    const fault: FaultSpec = { type: 'crash', service: target.service, handler: target.handler, point: target.point, nth, restartAfterTicks: SWEEP_RESTART_TICKS };
    const run: CheckRun = { seed, faultPlan: `crash sweep: ${target.service}/${target.handler} ${target.point} #${nth}`, faults: [...this.sweepFaults, fault], sweep: { service: target.service, handler: target.handler, point: target.point, nth } };
    const result = this.run(run);
    const crash = result?.trace.find((e) => {
      if (e.kind !== 'fault.injected' || e.data.fault !== 'crash') return false;
      const d = e.data.details as { point?: unknown; handler?: unknown } | undefined;
      return d?.point === target.point && d?.handler === target.handler && e.data.target === target.service;
    });
    const reached = crash !== undefined;
    if (result && reached) {
      const s = sweepFindings(result, this.baseline, crash.seq);
      this.record(run, result, s.requestFailed, s.findings);
    } else {
      this.runsDone--; // a probe past the last message: not a run of the verdict
      this.estimate--;
    }
    if (reached && nth < this.nthMax) this.sweepNth++;
    else {
      this.sweepIndex++;
      this.sweepNth = 1;
    }
  }

  /** Crash runs a sweep target gets: once per time the baseline reached its point, at most nthMax. */
  private reachedTimes(t: SweepTarget): number {
    return Math.min(this.nthMax, this.reaches.get(`${t.service}/${t.handler}/${t.point}`) ?? 0);
  }

  /**
   * after-effect-before-ack and before-ack are reached back to back, nothing in between
   * (services/lifecycle.ts): a crash at before-ack in an invocation that committed is the crash
   * at its after-effect-before-ack, which runs first — the same run under another name.
   */
  private sameAsEarlierCrash(t: SweepTarget, nth: number): boolean {
    if (t.point !== 'before-ack') return false;
    const inv = this.reachedBy.get(`${t.service}/${t.handler}/before-ack`)?.[nth - 1];
    const k = inv ? (this.reachedBy.get(`${t.service}/${t.handler}/after-effect-before-ack`) ?? []).indexOf(inv) : -1;
    return k >= 0 && k < this.reachedTimes({ ...t, point: 'after-effect-before-ack' });
  }

  verdict(): LessonVerdict {
    const names = this.lesson.meta.checks.map((c) => ({ name: c.name, goal: c.goal }));
    const swept = this.sweep.length > 0 && this.results.some((r) => r.run.sweep);
    if (swept) names.push({ name: CRASH_SWEEP, goal: `Nothing is lost, done twice or announced uncommitted when ${[...new Set(this.sweep.filter((t) => t.handler !== 'outbox-relay').map((t) => `${t.service}/${t.handler}`))].join(', ')} crash${this.sweep.length > 6 ? '' : 'es'} at any point` });
    const checks: CheckVerdict[] = names.map(({ name, goal }) => {
      const v: CheckVerdict = { name, goal, passed: 0, total: 0 };
      for (const r of this.results) {
        if (name === CRASH_SWEEP ? !r.run.sweep : r.run.sweep && (!r.checksJudged || (this.sweepChecks && !this.sweepChecks.has(name)))) continue;
        v.total++;
        const f = r.failed.get(name) ?? r.failed.get('*');
        if (!f) v.passed++;
        else if (!v.failure) v.failure = { run: r.run, explanation: f.explanation, eventRefs: f.eventRefs };
      }
      if (this.error !== undefined) v.failure = { run: this.firstRun, explanation: `the code cannot run: ${this.error}`, eventRefs: [] };
      return v;
    });
    const failedRuns = this.results.filter((r) => r.failed.size > 0).map((r) => ({ run: r.run, failed: [...r.failed.keys()].map((k) => (k === '*' ? 'run' : k)), hash: r.hash }));
    const solved = this.error === undefined && !this.cancelledFlag && this.finished && failedRuns.length === 0 && this.results.length > 0;
    return { solved, checks, failedRuns, runs: this.results.length, cancelled: this.cancelledFlag, ...(this.error !== undefined ? { error: this.error } : {}), ...(this.lesson.figures ? { figures: [...this.figures] } : {}) };
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
