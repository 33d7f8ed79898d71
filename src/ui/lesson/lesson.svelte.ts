// One open lesson: the learner's code (starter until they edit it, saved per lesson), the
// playground showing the current run, the goal check over every seed × fault plan, and the
// prediction. "Solved" is decided only by the goal check: every named check passes on every
// listed run with the learner's code.

import type { Scenario } from '../../engine/scenario/types';
import type { CheckResult } from '../../engine/checks/types';
import type { Simulator } from '../../worker/client';
import type { Demo, Lesson } from '../../content/types';
import { demoRun, lessonRuns, resolveScenario, type CodeFiles, type LessonRun } from '../../content/resolve';
import { PlaygroundState } from '../state/playground.svelte';
import type { Progress } from './progress.svelte';

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

export class LessonState {
  readonly playground: PlaygroundState;
  #files = $state<CodeFiles>({});
  #goal = $state.raw<RunOutcome[] | null>(null);
  #checking = $state(false);
  #runs = $state(0);
  #label = $state('');
  #checkedFiles: string | null = null;

  constructor(readonly lesson: Lesson, private readonly simulator: () => Simulator, private readonly progress: Progress) {
    this.playground = new PlaygroundState(simulator);
    this.#files = { ...lesson.starter, ...(progress.of(lesson.id).code ?? {}) };
  }

  get files() { return this.#files; }
  get goal() { return this.#goal; }
  get checking() { return this.#checking; }
  /** Runs the learner started on this visit (a run after a prediction reveals its answer). */
  get runs() { return this.#runs; }
  /** What the playground is showing ("Demo: …", "Your code · a duplicated delivery · seed 2"). */
  get label() { return this.#label; }
  get edited() { return Object.entries(this.#files).some(([f, text]) => this.lesson.starter[f] !== text); }
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
    this.#files = { ...this.#files, [file]: text };
    this.progress.update(this.lesson.id, { code: $state.snapshot(this.#files) });
  }

  resetCode(): void {
    this.#files = { ...this.lesson.starter };
    this.progress.resetCode(this.lesson.id);
    this.#goal = null;
  }

  scenario(): Scenario {
    return resolveScenario(this.lesson, $state.snapshot(this.#files));
  }

  /** Shows one demo in the playground. */
  showDemo(demo: Demo, auto = false): void {
    const { scenario, seed, faults } = demoRun(this.lesson, demo);
    this.#label = `Demo: ${demo.label}`;
    if (!auto) this.#runs++;
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
    this.playground.load(scenario, run.seed, run.faults);
  }

  /** Runs the learner's code on every seed × fault plan; shows the first failing run (or the first run). */
  async check(): Promise<void> {
    const runs = lessonRuns(this.lesson);
    this.#checking = true;
    this.#runs++;
    const key = JSON.stringify(this.#files);
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
    return this.#goal !== null && this.#checkedFiles !== JSON.stringify(this.#files);
  }
}
