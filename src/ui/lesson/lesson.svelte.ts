// One open lesson: the learner's code, the playground showing the current run, the goal check
// over every seed × fault plan, and the predictions. "Solved" is decided only by the goal check:
// every named check passes on every listed run with the learner's code.
//
// Predict, then observe: the page opens on the first demo at step 0; once the learner locks in
// their predictions, `playToKeyMoment` plays that demo up to the event it names (its key
// moment), highlights it, and reads each numeric prediction's answer from the run's trace.
//
// The code has one source of truth: the lesson's Workspace (the handler editor's state, saved
// as drafts under `lesson:<id>` as it is typed). The editor tab shows and edits that same
// object, and the goal check reads it; nothing else stores code.

import type { BrokerKind, FaultSpec, Scenario } from '../../engine/scenario/types';
import type { CheckableLesson, CheckRun, LessonVerdict } from '../../content/check';
import { CRASH_SWEEP, CRASH_SWEEP_GOAL } from '../../content/verdict-names';
import type { Simulator } from '../../worker/client';
import type { Demo, Lesson } from '../../content/types';
import { demoRun, editableFiles, resolveScenario, type CodeFiles } from '../../content/resolve';
import { PlaygroundState } from '../state/playground.svelte';
import { demoMoments } from '../../content/demo-moments';
import { Workspace, type HandlerFile } from '../editor/workspace.svelte';
import { DraftStore } from '../storage/drafts';
import { lessonScope, type Progress } from './progress.svelte';
import { countMatches, findKeyMoment } from '../../projections/trace-match';
import { SPEEDS } from '../state/playback.svelte';

/** A predicted demo takes about this long to reach its key moment. */
const KEY_MOMENT_PLAY_SECONDS = 5;

/** One check's line on the goal card: the verdict's, or the lesson's goal before any check. */
export interface CheckSummary {
  name: string;
  goal: string;
  passed: number;
  total: number;
  /** The first failing run and its first explanation. */
  failure?: { run: CheckRun; explanation: string; eventRefs: number[] };
}

/** Runs the worker does per `checkNext` at most, and the time it may spend on them. */
const CHECK_BATCH_RUNS = 8;
const CHECK_BATCH_MS = 150;
/** The check helpers are warmed when the page is first idle, or after this long at the latest. */
const WARM_IDLE_TIMEOUT_MS = 2000;

/** The lesson's handler files for the editor: starter text, and the solution where it changes the file. */
export function lessonHandlerFiles(lesson: Lesson): HandlerFile[] {
  return editableFiles(lesson).map((f) => ({
    id: f.file, service: f.service, handler: f.handler, starter: lesson.starter[f.file] ?? '',
    ...(lesson.solution[f.file] !== undefined ? { solution: lesson.solution[f.file]! } : {}),
  }));
}

export class LessonState {
  readonly playground: PlaygroundState;
  /** The learner's code: the one copy, shared with the editor tab. */
  readonly workspace: Workspace;
  #goal = $state.raw<LessonVerdict | null>(null);
  #checking = $state(false);
  #runs = $state(0);
  #label = $state('');
  /** The scenario this state last loaded: anything else in the playground came from the editor's own run. */
  #shown = $state.raw<Scenario | null>(null);
  #checkedFiles: string | null = null;
  #checkProgress = $state.raw<{ done: number; total: number } | null>(null);
  #cancelled = false;
  /** The worker's id of the check under way (to cancel it there). */
  #checkId: number | null = null;
  /** The key moment being played to (`seq` once the run is known), then reached. */
  #moment = $state.raw<{ label: string; seq: number | null; reached: boolean; missing?: boolean } | null>(null);
  /** The failing check's evidence (trace seqs) to highlight when the shown run is complete. */
  #evidence = $state.raw<number[] | null>(null);
  /** Each numeric prediction's answer as the first demo's trace counts it. */
  #measured = $state.raw<(number | undefined)[]>([]);

  constructor(readonly lesson: Lesson, private readonly simulator: () => Simulator, private readonly progress: Progress, store = new DraftStore()) {
    this.playground = new PlaygroundState(simulator);
    progress.migrateCode(lesson.id, lesson.starter, store);
    this.workspace = new Workspace(lessonScope(lesson.id), lessonHandlerFiles(lesson), store);
    // Open the file the challenge is about (the first one the solution changes).
    const first = this.workspace.files.find((f) => f.solution !== undefined);
    if (first) this.workspace.open(first.id);
  }

  /** Every handler file's current text (starter until edited). */
  get files(): CodeFiles { return { ...this.lesson.starter, ...this.workspace.texts }; }
  get goal() { return this.#goal; }
  get checking() { return this.#checking; }
  /** Runs the learner started on this visit (a run after a prediction reveals its answer). */
  get runs() { return this.#runs; }
  /** What the playground is showing ("Demo: …", "Your code · a duplicated delivery · seed 2"). */
  get label() {
    const shown = this.playground.scenario;
    if (this.#shown && shown && shown !== this.#shown) return `Your code (from the editor) · seed ${this.playground.seed}${this.playground.faults.length ? ` · ${this.playground.faults.length} fault(s)` : ''}`;
    return this.#label;
  }
  get edited() { return this.workspace.files.some((f) => this.workspace.isEdited(f.id)); }
  get solved() { return this.#goal !== null && this.#goal.solved; }

  /**
   * The goal card's lines: the last verdict's (the lesson's checks, then the crash sweep), or
   * before any check the lesson's checks (and the sweep, unless the lesson has none) unjudged.
   */
  get summaries(): CheckSummary[] {
    if (this.#goal) return this.#goal.checks;
    const lines: CheckSummary[] = this.lesson.meta.checks.map((c) => ({ name: c.name, goal: c.goal, passed: 0, total: 0 }));
    if (this.lesson.meta.crashSweep !== false) lines.push({ name: CRASH_SWEEP, goal: CRASH_SWEEP_GOAL, passed: 0, total: 0 });
    return lines;
  }

  setFile(file: string, text: string): void {
    this.workspace.setText(file, text);
  }

  /** The lesson's scenario (or one of its named variants) with the learner's code. */
  scenario(variant?: string): Scenario {
    return resolveScenario(this.lesson, this.files, variant);
  }

  /** Shows one demo in the playground, at its end (or at `position`: 0 opens it unplayed). */
  showDemo(demo: Demo, auto = false, position?: number): void {
    const { scenario, seed, faults } = demoRun(this.lesson, demo);
    this.#label = `Demo: ${demo.label}`;
    if (!auto) this.#runs++;
    this.#shown = scenario;
    this.#moment = null;
    this.#evidence = null;
    this.playground.load(scenario, seed, faults, position, demoMoments(demo));
  }

  get moment() { return this.#moment; }
  get measured() { return this.#measured; }

  /** Plays the first demo from step 0 up to its key moment (once the run is in: see `advanceKeyMoment`). */
  playToKeyMoment(): void {
    const demo = this.lesson.meta.demos[0];
    if (!demo) return;
    this.showDemo(demo, false, 0);
    this.#moment = { label: demo.keyMoment?.label ?? 'the end', seq: null, reached: false };
  }

  /**
   * Drives a key-moment play from the page's $effect: when the demo's run is complete, reads the
   * predictions' numbers from its trace and starts playing to the moment; when the cursor is
   * there, highlights the event.
   */
  advanceKeyMoment(): void {
    const m = this.#moment;
    const pg = this.playground;
    if (!m || m.reached || pg.status !== 'done' || !pg.run) return;
    const trace = pg.run.trace;
    if (m.seq === null) {
      this.#measured = this.lesson.meta.predict.map((p) => (p.kind === 'number' ? countMatches(trace, p.count) : undefined));
      const moment = this.lesson.meta.demos[0]?.keyMoment;
      const event = moment ? findKeyMoment(trace, moment) : undefined;
      const seq = event?.seq ?? trace.length - 1;
      this.#moment = { ...m, seq, ...(moment && !event ? { missing: true } : {}) };
      const wanted = (seq + 1) / KEY_MOMENT_PLAY_SECONDS;
      const speed = SPEEDS.findIndex((s) => s.eventsPerSecond >= wanted && s.eventsPerSecond >= 4);
      pg.playback.setSpeed(speed < 0 ? SPEEDS.length - 1 : speed);
      pg.playback.playUntil(seq + 1);
      return;
    }
    if (pg.position >= m.seq + 1 && !pg.playback.playing) {
      this.#moment = { ...m, reached: true };
      pg.showEvents([m.seq]);
    }
  }

  /** Shows the learner's code on one run in the playground. */
  showRun(run: Pick<CheckRun, 'seed' | 'faultPlan' | 'faults' | 'scenario'>, evidence: readonly number[] = []): void {
    let scenario: Scenario;
    try {
      scenario = this.scenario(run.scenario);
    } catch (error) {
      this.#label = `Your code cannot run: ${(error as Error).message}`;
      return;
    }
    this.#label = `Your code · ${run.faultPlan} · seed ${run.seed}`;
    this.#shown = scenario;
    // A failing run opens just after the event that shows the failure (the check's evidence, the
    // same seqs: the same code, seed and faults give the same trace), highlighted once it is in.
    this.#evidence = evidence.length > 0 ? [...evidence] : null;
    const position = evidence.length > 0 ? Math.max(...evidence) + 1 : undefined;
    this.playground.load(scenario, run.seed, run.faults, position, { options: { auto: true } });
  }

  /** Highlights a shown failing run's evidence once its run is complete (from the page's $effect). */
  advanceEvidence(): void {
    const refs = this.#evidence;
    const pg = this.playground;
    if (!refs || pg.status !== 'done' || !pg.run) return;
    this.#evidence = null;
    const known = refs.filter((seq) => seq < pg.run!.trace.length);
    if (known.length > 0) pg.showEvents(known);
  }

  /** Shows a shared run: the learner's code (a link's chosen code is saved there first) on the link's seed, faults, broker and cursor. */
  showShared(run: { seed: number; faults: FaultSpec[]; position: number; broker?: BrokerKind }): void {
    let scenario: Scenario;
    try {
      scenario = this.scenario();
    } catch (error) {
      this.#label = `The shared code cannot run: ${(error as Error).message}`;
      return;
    }
    if (run.broker && run.broker !== scenario.broker) scenario = { ...scenario, broker: run.broker };
    this.#label = `Shared run · seed ${run.seed}${run.faults.length ? ` · ${run.faults.length} fault(s)` : ''}`;
    this.#shown = scenario;
    this.#evidence = null;
    this.playground.load(scenario, run.seed, run.faults, run.position, { options: { auto: true } });
  }

  /** Runs done of the check under way, or null. */
  get checkProgress() { return this.#checkProgress; }

  /** What the worker's check needs of the lesson (plain data). */
  private get checkable(): CheckableLesson {
    const { id, meta, scenarios, starter, solution, figures } = this.lesson;
    return { id, meta, scenarios, starter, solution, ...(figures ? { figures } : {}) };
  }

  /**
   * While the learner reads: once the page is idle, the worker starts its check helpers and
   * warms them on the current code (worker/check-pool.ts), so the first "Check my code" costs
   * what a later one does. Returns the cleanup (for the page's $effect).
   */
  warmCheckWhenIdle(): () => void {
    let done = false;
    const warm = () => {
      // Once the learner has asked for a check, warming would only take the check's own time.
      if (done || this.#checking || this.#runs > 0) return;
      done = true;
      try {
        void this.simulator().checkWarm(this.checkable, this.files).catch(() => undefined);
      } catch {
        // a warm-up only: the check itself reports a worker that cannot answer
      }
    };
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(warm, { timeout: WARM_IDLE_TIMEOUT_MS });
      return () => {
        done = true;
        cancelIdleCallback(handle);
      };
    }
    const timer = setTimeout(warm, WARM_IDLE_TIMEOUT_MS);
    return () => {
      done = true;
      clearTimeout(timer);
    };
  }

  /** Stops the check under way after the batch in flight; the previous verdict stays. */
  cancelCheck(): void {
    this.#cancelled = true;
    const id = this.#checkId;
    if (id !== null) void this.simulator().checkCancel(id).catch(() => undefined);
  }

  /**
   * "Check my code": the lesson's verdict (content/check.ts — every seed × fault plan and the crash
   * sweep), computed in the worker a batch at a time so the page stays live, with progress and
   * cancel. Shows the first failing run (or the first run) in the playground.
   */
  async check(): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    this.#cancelled = false;
    this.#runs++;
    this.progress.update(this.lesson.id, { attempts: (this.progress.of(this.lesson.id).attempts ?? 0) + 1 });
    const key = JSON.stringify(this.files);
    const { meta } = this.lesson;
    let verdict: LessonVerdict | null = null;
    try {
      const api = this.simulator();
      const started = await api.checkStart(this.checkable, this.files);
      this.#checkId = started.checkId;
      this.#checkProgress = { done: started.done, total: started.total };
      // One batch is always asked for ahead: the worker starts it the moment it answers the
      // last one, instead of idling until the page has read that answer and asked again. The
      // request past the end finds no open check; its error is dropped.
      const next = () => {
        const batch = api.checkNext(started.checkId, CHECK_BATCH_RUNS, CHECK_BATCH_MS);
        batch.catch(() => undefined); // awaited below when it is the current one
        return batch;
      };
      let ahead = next();
      while (!this.#cancelled) {
        const current = ahead;
        ahead = next();
        const batch = await current;
        this.#checkProgress = { done: batch.done, total: batch.total };
        if (batch.verdict) {
          verdict = batch.verdict;
          break;
        }
      }
    } catch (error) {
      if (!this.#cancelled) verdict = failedVerdict(this.lesson, (error as Error).message.split('\n')[0]!);
    }
    this.#checkId = null;
    this.#checkProgress = null;
    this.#checking = false;
    if (this.#cancelled || !verdict) {
      this.#cancelled = false;
      return;
    }
    this.#checkedFiles = key;
    this.#goal = verdict;
    if (verdict.solved) {
      const before = this.progress.of(this.lesson.id);
      // Solved on one's own once stays so; otherwise say whether the solution was seen first.
      const assisted = !(before.solved && !before.assisted) && before.solutionViewed === true;
      this.progress.update(this.lesson.id, { solved: true, ...(assisted ? { assisted } : {}) });
    }
    const failing = verdict.checks.find((c) => c.failure)?.failure?.run;
    const first = meta.faultPlans[0];
    const evidence = verdict.checks.find((c) => c.failure)?.failure?.eventRefs ?? [];
    if (failing) this.showRun(failing, evidence);
    else if (first) this.showRun({ seed: meta.seeds[0] ?? 1, faultPlan: first.name, faults: first.faults, ...(first.scenario ? { scenario: first.scenario } : {}) });
  }

  /** One line about the last check: solved, or the first failing check with its explanation. */
  get verdict(): { solved: boolean; text: string } | null {
    if (this.#goal === null) return null;
    const total = this.#goal.runs;
    if (this.solved) return { solved: true, text: `Solved: every check passes on all ${total} runs, crash sweep included.` };
    const failing = this.summaries.filter((s) => s.passed < s.total);
    const first = failing[0];
    if (!first) return { solved: false, text: 'Not solved.' };
    return { solved: false, text: `Not yet: “${first.goal}” (${first.name}) fails on ${first.total - first.passed} of ${total} runs — ${first.failure?.explanation ?? ''}${failing.length > 1 ? ` (and ${failing.length - 1} more check${failing.length > 2 ? 's' : ''})` : ''}` };
  }

  /** The solution may be offered: after the first check attempt. */
  get solutionOffered(): boolean {
    return (this.progress.of(this.lesson.id).attempts ?? 0) > 0;
  }

  /** The learner agreed to see the solution: recorded once, never asked again. */
  get solutionViewed(): boolean {
    return this.progress.of(this.lesson.id).solutionViewed === true;
  }

  viewSolution(): void {
    if (!this.solutionViewed) this.progress.update(this.lesson.id, { solutionViewed: true });
  }

  /** The goal results describe older code than the editor holds. */
  get stale(): boolean {
    return this.#goal !== null && this.#checkedFiles !== JSON.stringify(this.files);
  }
}

/** A verdict for code the worker could not check at all (it stopped answering, say). */
function failedVerdict(lesson: Lesson, error: string): LessonVerdict {
  const run: CheckRun = { seed: lesson.meta.seeds[0] ?? 1, faultPlan: lesson.meta.faultPlans[0]?.name ?? 'no faults', faults: lesson.meta.faultPlans[0]?.faults ?? [] };
  const checks = lesson.meta.checks.map((c) => ({ name: c.name, goal: c.goal, passed: 0, total: 0, failure: { run, explanation: `the code could not be checked: ${error}`, eventRefs: [] } }));
  return { solved: false, checks, failedRuns: [], runs: 0, cancelled: false, error };
}
