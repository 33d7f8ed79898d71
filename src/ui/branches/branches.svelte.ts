// The branches page's state: the base run and each branch as a PlaygroundState streaming from
// the simulator worker, and one cursor in virtual time shared by all (at tick T every diagram
// shows the events up to T, as in the broker comparison). Once a branch and the base are done,
// the first event where they part is found (projections/run-diff firstDivergence) and what
// changed is summarised from the two traces: outcome counts and checks (diffRuns).

import type { Simulator } from '../../worker/client';
import type { TraceEvent } from '../../engine/trace/types';
import { PlaygroundState } from '../state/playground.svelte';
import { adjacentTick, positionAtTick } from '../explore/tick-cursor';
import { branchInputs, describeChange, type Branch } from '../../share/index';
import { diffRuns, firstDivergence, type RunDiff } from '../../projections/run-diff';
import { branchSession } from './session.svelte';

export interface BranchLane {
  /** null: the base run. */
  branch: Branch | null;
  label: string;
  playground: PlaygroundState;
}

export interface BranchReport {
  /** Position in the branch's trace of the first event that differs from the base (null: same run). */
  divergeAt: number | null;
  divergeEvent: TraceEvent | null;
  diff: RunDiff;
}

export class BranchesState {
  #simulator: () => Simulator;
  #lanes = $state.raw<BranchLane[]>([]);
  #error = $state<string | null>(null);
  tick = $state(Number.MAX_SAFE_INTEGER);

  constructor(simulator: () => Simulator) {
    this.#simulator = simulator;
  }

  get lanes() { return this.#lanes; }
  get error() { return this.#error; }
  get done() { return this.#lanes.length > 0 && this.#lanes.every((l) => l.playground.status === 'done' || l.playground.status === 'stopped'); }
  get endTick() {
    return Math.max(0, ...this.#lanes.map((l) => { const run = l.playground.run; void run?.version; return run?.trace.at(-1)?.tick ?? 0; }));
  }
  get cursorTick() { return Math.min(this.tick, this.endTick); }

  /** Runs the session's base and branches (validated by the engine first, as a link is). */
  async start(): Promise<void> {
    for (const lane of this.#lanes) lane.playground.run?.cancel();
    this.#lanes = [];
    const base = branchSession.base;
    if (!base) return;
    const api = this.#simulator();
    const problems: string[] = [];
    for (const b of branchSession.branches) {
      const issues = await api.validateFaults(base.scenario, branchInputs(base, b).faults);
      if (issues.length > 0) problems.push(`${b.name}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    }
    this.#error = problems.length > 0 ? `Some branches cannot run: ${problems.join(' · ')}` : null;
    const startTick = Number.MAX_SAFE_INTEGER;
    this.tick = startTick;
    const lane = (branch: Branch | null): BranchLane => {
      const playground = new PlaygroundState(this.#simulator);
      const inputs = branch ? branchInputs(base, branch) : { seed: base.seed, faults: base.faults };
      playground.load(base.scenario, inputs.seed, inputs.faults);
      return { branch, label: branch ? branch.name : 'Base run', playground };
    };
    const runnable = branchSession.branches.filter((b) => !problems.some((p) => p.startsWith(`${b.name}:`)));
    this.#lanes = [lane(null), ...runnable.map(lane)];
  }

  hashOf(lane: BranchLane): string | undefined {
    return lane.playground.run?.summary?.hash;
  }

  /** For each branch lane, where it parts from the base and what changed (null until both are done). */
  report(lane: BranchLane): BranchReport | null {
    const baseRun = this.#lanes[0]?.playground;
    const mine = lane.playground;
    if (!lane.branch || !baseRun?.run?.summary || !mine.run?.summary) return null;
    void baseRun.run.version;
    void mine.run.version;
    const a = baseRun.run.trace;
    const b = mine.run.trace;
    const divergeAt = firstDivergence(a, b);
    const diff = diffRuns({ trace: a, checks: baseRun.run.summary.checks, hash: baseRun.run.summary.hash }, { trace: b, checks: mine.run.summary.checks, hash: mine.run.summary.hash });
    return { divergeAt, divergeEvent: divergeAt === null ? null : b[divergeAt] ?? a[divergeAt] ?? null, diff };
  }

  describe(branch: Branch): string {
    return describeChange(branch.change);
  }

  /** Moves every diagram to tick `t`. */
  seekTick(t: number): void {
    this.tick = Math.max(0, Math.min(t, this.endTick));
    for (const lane of this.#lanes) {
      const run = lane.playground.run;
      if (run) lane.playground.seek(positionAtTick(run.trace, this.tick));
    }
  }

  /** The next (+1) or previous (-1) tick at which something happens in any lane. */
  stepTick(direction: 1 | -1): void {
    const best = adjacentTick(this.#lanes.map((l) => l.playground.run?.trace ?? []), this.cursorTick, direction);
    this.seekTick(best ?? (direction > 0 ? this.endTick : 0));
  }

  /** Shows where `lane` parts from the base: every diagram at that moment, the branch's event highlighted. */
  showDivergence(lane: BranchLane): void {
    const r = this.report(lane);
    if (!r || r.divergeAt === null || !r.divergeEvent) return;
    this.seekTick(r.divergeEvent.tick);
    const seq = lane.playground.run?.trace[r.divergeAt]?.seq;
    if (seq !== undefined) lane.playground.showEvents([seq]);
  }
}
