// One open lesson: the learner's code, the playground showing the current run, the goal check
// over every seed × fault plan, and the prediction. "Solved" is decided only by the goal check:
// every named check passes on every listed run with the learner's code.
//
// The code has one source of truth: the lesson's Workspace (the handler editor's state, saved
// as drafts under `lesson:<id>` as it is typed). The editor tab shows and edits that same
// object, and the goal check reads it; nothing else stores code.

import type { BrokerKind, FaultSpec, Scenario } from '../../engine/scenario/types';
import type { CheckResult } from '../../engine/checks/types';
import type { Simulator } from '../../worker/client';
import type { Demo, Lesson } from '../../content/types';
import { demoRun, editableFiles, lessonRuns, resolveScenario, type CodeFiles, type LessonRun } from '../../content/resolve';
import { PlaygroundState } from '../state/playground.svelte';
import { Workspace, type HandlerFile } from '../editor/workspace.svelte';
import { DraftStore } from '../storage/drafts';
import { lessonScope, type Progress } from './progress.svelte';

export interface RunOutcome {
  run: LessonRun;
  checks: CheckResult[];
  /** The code could not run (compile error, invalid scenario). */
  error?: string;
}

export interface CheckSummary {
  name: string;
  goal: string;
  passed: number;
  total: number;
  /** The first failing run and its first explanation. */
  failure?: { run: LessonRun; explanation: string; eventRefs: number[] };
}

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
  #goal = $state.raw<RunOutcome[] | null>(null);
  #checking = $state(false);
  #runs = $state(0);
  #label = $state('');
  /** The scenario this state last loaded: anything else in the playground came from the editor's own run. */
  #shown = $state.raw<Scenario | null>(null);
  #checkedFiles: string | null = null;

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
  get solved() { return this.#goal !== null && this.#goal.every((o) => !o.error && o.checks.every((c) => c.valid)); }

  get summaries(): CheckSummary[] {
    const goal = this.#goal;
    return this.lesson.meta.checks.map((c) => {
      const s: CheckSummary = { name: c.name, goal: c.goal, passed: 0, total: goal?.length ?? 0 };
      for (const o of goal ?? []) {
        const r = o.checks.find((x) => x.name === c.name);
        if (r?.valid) s.passed++;
        else if (!s.failure) s.failure = { run: o.run, explanation: o.error ?? r?.errors[0]?.explanation ?? 'did not run', eventRefs: r?.errors[0]?.eventRefs ?? [] };
      }
      return s;
    });
  }

  setFile(file: string, text: string): void {
    this.workspace.setText(file, text);
  }

  scenario(): Scenario {
    return resolveScenario(this.lesson, this.files);
  }

  /** Shows one demo in the playground. */
  showDemo(demo: Demo, auto = false): void {
    const { scenario, seed, faults } = demoRun(this.lesson, demo);
    this.#label = `Demo: ${demo.label}`;
    if (!auto) this.#runs++;
    this.#shown = scenario;
    this.playground.load(scenario, seed, faults);
  }

  /** Shows the learner's code on one run in the playground. */
  showRun(run: LessonRun): void {
    let scenario: Scenario;
    try {
      scenario = this.scenario();
    } catch (error) {
      this.#label = `Your code cannot run: ${(error as Error).message}`;
      return;
    }
    this.#label = `Your code · ${run.faultPlan} · seed ${run.seed}`;
    this.#shown = scenario;
    this.playground.load(scenario, run.seed, run.faults);
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
    this.playground.load(scenario, run.seed, run.faults, run.position);
  }

  /** Runs the learner's code on every seed × fault plan; shows the first failing run (or the first run). */
  async check(): Promise<void> {
    const runs = lessonRuns(this.lesson);
    this.#checking = true;
    this.#runs++;
    const key = JSON.stringify(this.files);
    const outcomes: RunOutcome[] = [];
    try {
      const scenario = this.scenario();
      const api = this.simulator();
      for (const run of runs) {
        try {
          const result = await api.run({ scenario, seed: run.seed, faults: run.faults });
          outcomes.push({ run, checks: result.checks });
        } catch (error) {
          outcomes.push({ run, checks: [], error: (error as Error).message.split('\n')[0] });
        }
      }
    } catch (error) {
      for (const run of runs) outcomes.push({ run, checks: [], error: (error as Error).message });
    }
    this.#checkedFiles = key;
    this.#goal = outcomes;
    this.#checking = false;
    if (this.solved) this.progress.update(this.lesson.id, { solved: true });
    const failing = outcomes.find((o) => o.error || o.checks.some((c) => !c.valid));
    this.showRun((failing ?? outcomes[0])!.run);
  }

  /** The goal results describe older code than the editor holds. */
  get stale(): boolean {
    return this.#goal !== null && this.#checkedFiles !== JSON.stringify(this.files);
  }
}
