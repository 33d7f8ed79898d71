// The simulator API: everything the UI may ask of the engine, as a plain object of functions
// over JSON-serialisable data. The worker only exposes it (simulator.worker.ts), so tests call
// it directly without a Worker, and the UI never reaches into engine internals.
//
// Long runs are streamed: `open` starts a run, `next` computes and returns the next batch of
// trace events (so the page receives a 2,000,000-event run in pieces and never freezes), and
// the batch that ends the run also carries its summary (hash, checks, end). A batch carries the
// events in their compact form (engine/trace/chunk.ts: column slices in typed arrays, which the
// worker transfers, and what the string and shape tables gained), not as objects: the page
// keeps the columns and builds an event object only when a view reads it. A batch is bounded
// by time as well as by count: the engine works in small steps until the batch's time budget
// is spent, beating the heartbeat (heartbeat.ts) so the watchdog knows it is busy, not hung.
// The trace hash is folded in as events are sent, so the summary only runs the checks — one at
// a time, within the batches' time budget: when a long run's checks take a while, the batches
// after its last events carry no events but how far the checks got (`checking`), so the page
// shows "checking 2 of 3…" instead of looking frozen, and the batch that ends it carries the summary.
// `seek` gives the engine's folded state at any position of an open run.

import { Simulation, TraceHasher, TraceChunker, RunSummarizer, faultModels, hashTrace, runScenario, validateFaults, validateScenario, brokerModels, toPlainState, type RunResult, type PlainRunState, type CheckResult, type EndReason, type ValidationIssue } from '../engine/index';
import type { BrokerKind, FaultSpec, Scenario } from '../engine/scenario/types';
import type { TraceChunk } from '../engine/trace/chunk';
import { builtinScenarios, defaultScenario } from '../scenarios/index';
import { LessonCheck, type CheckableLesson, type CheckProgress, type LessonVerdict } from '../content/check';
import type { CodeFiles } from '../content/resolve';
import { validateLesson } from '../content/validate';
import type { ContentIssue } from '../content/parse';
import type { Lesson } from '../content/types';
import { beat, beatWithGrace } from './heartbeat';

export interface RunRequest {
  scenario: Scenario;
  seed?: number;
  faults?: FaultSpec[];
}

export interface RunSummary {
  hash: string;
  endTick: number;
  endReason: EndReason;
  events: number;
  checks: CheckResult[];
  counts: Record<string, number>;
}

export interface TraceBatch {
  /** Events [from, from + count) of the run's trace, in `chunk`. */
  from: number;
  count: number;
  chunk: TraceChunk;
  done: boolean;
  /** Present in the batch that ends the run. */
  summary?: RunSummary;
  /** The run's events are all sent and its checks are being judged: how far they got. */
  checking?: CheckingProgress;
}

export interface CheckingProgress {
  /** Checks judged so far, of `of`; `check` is the one judged next. */
  done: number;
  of: number;
  check: string;
}

export interface FaultType {
  type: string;
  title: string;
  description: string;
}

export type OpenResult = { ok: true; runId: number; seed: number } | { ok: false; issues: ValidationIssue[] };

export const BATCH_EVENTS_DEFAULT = 5000;
/**
 * Time the summary's checks may take without a heartbeat, per event of the trace (they read it
 * whole, in one piece): generous, since they run engine code only, never handler code.
 */
const SUMMARY_GRACE_MS_PER_EVENT = 0.04;
const OPEN_RUNS_MAX = 4;

/** A lesson check in progress ("Check my code"): started by `checkStart`, advanced by `checkNext`. */
export interface CheckBatch extends CheckProgress {
  finished: boolean;
  /** Present in the batch that finishes (or cancels) the check. */
  verdict?: LessonVerdict;
}

/** Runs per `checkNext` call by default: small enough that a batch stays well under the watchdog's 1.5 s. */
export const CHECK_BATCH_RUNS_DEFAULT = 4;
const OPEN_CHECKS_MAX = 2;
const checks = new Map<number, LessonCheck>();
let nextCheckId = 1;

const runs = new Map<number, { sim: Simulation; chunker: TraceChunker; hasher: TraceHasher; summarizer?: RunSummarizer }>();
let nextRunId = 1;

/** Runs the next check of a finished run, announcing the time it may take without a beat. */
function judgeNext(summarizer: RunSummarizer, events: number): boolean {
  beatWithGrace(2000 + Math.ceil(events * SUMMARY_GRACE_MS_PER_EVENT));
  return summarizer.step();
}

function summaryOf(summarizer: RunSummarizer): RunSummary {
  const result = summarizer.result();
  return { hash: result.hash, endTick: result.endTick, endReason: result.endReason, events: result.metrics.events, checks: result.checks, counts: result.metrics.counts };
}

function issuesOf(error: unknown): ValidationIssue[] {
  if (error && typeof error === 'object' && 'issues' in error && Array.isArray((error as { issues: unknown }).issues)) return (error as { issues: ValidationIssue[] }).issues;
  return [{ path: '', message: error instanceof Error ? error.message : String(error) }];
}

export const simulatorApi = {
  /** The built-in scenarios, default first. */
  builtinScenarios(): Scenario[] {
    return [defaultScenario, ...builtinScenarios.filter((s) => s.id !== defaultScenario.id)];
  },

  /** Every fault type the engine knows, from its registry (the fault panel is built from it). */
  faultTypes(): FaultType[] {
    return Object.values(faultModels).map((m) => ({ type: m.type, title: m.title, description: m.description }));
  },

  /** Broker models the engine has (the broker switch offers these where a scenario allows). */
  brokerKinds(): BrokerKind[] {
    return Object.keys(brokerModels) as BrokerKind[];
  },

  /** Problems with a fault plan for a scenario (path + reason), empty when it is valid. */
  validateFaults(scenario: Scenario, faults: FaultSpec[]): ValidationIssue[] {
    return [...validateScenario(scenario), ...validateFaults(faults, 'faultPlan', scenario)];
  },

  /** Run a scenario to its end; same request ⇒ same trace and hash, here and in Node. */
  run(request: RunRequest): RunResult {
    const options: { seed?: number; faults?: FaultSpec[] } = {};
    if (request.seed !== undefined) options.seed = request.seed;
    if (request.faults !== undefined) options.faults = request.faults;
    return runScenario(request.scenario, options);
  },

  /** Start a run to be streamed with `next`. Older runs beyond a few are closed. */
  open(request: RunRequest): OpenResult {
    let sim: Simulation;
    try {
      sim = new Simulation(request.scenario, { ...(request.seed !== undefined ? { seed: request.seed } : {}), ...(request.faults ? { faults: request.faults } : {}) });
    } catch (error) {
      return { ok: false, issues: issuesOf(error) };
    }
    const runId = nextRunId++;
    runs.set(runId, { sim, chunker: new TraceChunker(sim.world.trace.columns), hasher: new TraceHasher() });
    for (const [id, old] of runs) {
      if (runs.size <= OPEN_RUNS_MAX) break;
      old.sim.dispose();
      runs.delete(id);
    }
    return { ok: true, runId, seed: sim.seed };
  },

  /**
   * Computes up to `eventsMax` more events of run `runId`, for about `timeMs` at most (at least
   * one agenda item), and returns them. Once all are sent, judges the run's checks in the time
   * left (at least one check per call that sends no events), reporting `checking` until the
   * batch that ends the run, which carries the summary.
   */
  next(runId: number, eventsMax = BATCH_EVENTS_DEFAULT, timeMs = Number.POSITIVE_INFINITY): TraceBatch {
    const run = runs.get(runId);
    if (!run) throw new Error(`no open run ${runId}`);
    const from = run.chunker.position;
    const target = from + eventsMax;
    const startedMs = performance.now();
    const sim = run.sim;
    // One agenda item at a time, with a look at the clock (and a heartbeat) after each: a slow
    // item (a handler spending its whole work budget) never hides a long silence.
    const recorder = sim.world.trace;
    while (recorder.length < target && sim.step()) {
      const nowMs = performance.now();
      beat(nowMs);
      if (nowMs - startedMs >= timeMs) break;
    }
    const to = Math.min(recorder.length, target);
    const columns = recorder.columns;
    for (let i = from; i < to; i++) run.hasher.add(columns.event(i));
    const chunk = run.chunker.next(to);
    const batch = { from, count: to - from, chunk, done: false };
    if (!sim.done || to < recorder.length) return batch;
    if (!run.summarizer) {
      sim.dispose(); // the handler realms are not needed to seek, hash or judge
      run.summarizer = new RunSummarizer(sim, run.hasher.digest());
    }
    const summarizer = run.summarizer;
    for (let ran = 0; summarizer.nextCheck !== undefined; ran++) {
      if ((ran > 0 || batch.count > 0) && performance.now() - startedMs >= timeMs) {
        return { ...batch, checking: { done: summarizer.checksDone, of: summarizer.checkCount, check: summarizer.nextCheck } };
      }
      judgeNext(summarizer, recorder.length);
    }
    return { ...batch, done: true, summary: summaryOf(summarizer) };
  },

  /** The engine's folded state after `position` events of run `runId`, as plain data (it crosses to the page). */
  seek(runId: number, position: number): PlainRunState {
    const run = runs.get(runId);
    if (!run) throw new Error(`no open run ${runId}`);
    return toPlainState(run.sim.seek(position));
  },

  close(runId: number): void {
    runs.get(runId)?.sim.dispose();
    runs.delete(runId);
  },

  /**
   * Starts checking `files` against a lesson (its seeds × fault plans and the crash sweep; see
   * content/check.ts). Nothing runs yet: call `checkNext` until `finished`. Starting a check
   * closes the oldest beyond a couple.
   */
  checkStart(lesson: CheckableLesson, files: CodeFiles): { checkId: number } & CheckProgress {
    const check = new LessonCheck(lesson, files);
    const checkId = nextCheckId++;
    checks.set(checkId, check);
    for (const id of checks.keys()) if (checks.size > OPEN_CHECKS_MAX) checks.delete(id);
    return { checkId, ...check.progress };
  },

  /**
   * Does up to `runsMax` more runs of check `checkId`, for about `timeMs` at most (at least one
   * run), beating after each; the batch that finishes it carries the verdict.
   */
  checkNext(checkId: number, runsMax = CHECK_BATCH_RUNS_DEFAULT, timeMs = Number.POSITIVE_INFINITY): CheckBatch {
    const check = checks.get(checkId);
    if (!check) throw new Error(`no open check ${checkId}`);
    const startedMs = performance.now();
    let finished = check.finished;
    for (let i = 0; i < runsMax && !finished; i++) {
      finished = check.step(1);
      const nowMs = performance.now();
      beat(nowMs);
      if (nowMs - startedMs >= timeMs) break;
    }
    if (!finished) return { finished, ...check.progress };
    checks.delete(checkId);
    return { finished, ...check.progress, verdict: check.verdict() };
  },

  /**
   * The learner is reading a lesson whose code may soon be checked. The simulator worker starts
   * its check helpers and warms them on `files` (worker/check-pool.ts); it runs nothing itself
   * (the page's demo runs have warmed it, and a run here would hold up a click that comes now).
   */
  checkWarm(lesson: CheckableLesson, files: CodeFiles): void {
    void lesson;
    void files;
  },

  /** Stops check `checkId`; its verdict says cancelled (and what ran so far). */
  checkCancel(checkId: number): LessonVerdict | null {
    const check = checks.get(checkId);
    if (!check) return null;
    checks.delete(checkId);
    check.cancel();
    return check.verdict();
  },

  /**
   * A lesson that did not come with the site (a classroom pack's) validated as the build
   * validates the course's: checks, fault plans, scenarios, code that compiles, and its first
   * demo run for its predictions. Runs the lesson's code, so only after the learner's consent.
   */
  validateLesson(lesson: Lesson): ContentIssue[] {
    return validateLesson(lesson);
  },

  /** The trace hash of events [0, length) of an open run (to compare runs without shipping them). */
  hashOf(runId: number): string {
    const run = runs.get(runId);
    if (!run) throw new Error(`no open run ${runId}`);
    return hashTrace(run.sim.world.trace.toArray());
  },
};

export type SimulatorApi = typeof simulatorApi;
