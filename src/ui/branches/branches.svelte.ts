// The branches page's state: the base run and each branch as a PlaygroundState streaming from
// the simulator worker, and one cursor in virtual time shared by all (at tick T every diagram
// shows the events up to T, as in the broker comparison). Once a branch and the base are done,
// the first event where they part is found (projections/run-diff firstDivergence) and what
// changed is summarised from the two traces: outcome counts and checks (diffRuns).

import type { Simulator } from '../../worker/client';
import type { TraceEvent } from '../../engine/trace/types';
import { PlaygroundState } from '../state/playground.svelte';
import { LaneCursor, LANES_GROUP_BROKER } from '../explore/lane-cursor.svelte';
import { branchInputs, describeChange, type Branch } from '../../share/index';
import { diffRuns, firstDivergence, type RunDiff } from '../../projections/run-diff';
import { branchSession } from './session.svelte';

export interface BranchReport {
  /** Position in the branch's trace of the first event that differs from the base (null: same run). */
  divergeAt: number | null;
  divergeEvent: TraceEvent | null;
  diff: RunDiff;
}

/** One run on the page: the base (branch null) or a branch, with its report against the base. */
export class BranchLane {
  readonly branch: Branch | null;
  readonly label: string;
  readonly playground: PlaygroundState;
  #base: () => PlaygroundState | undefined;

  /** Where this branch parts from the base and what changed; null until both runs are done, and
   *  for the base itself. Derived: computed once per finished pair, not on every cursor move. */
  readonly report: BranchReport | null = $derived.by(() => this.#report());

  constructor(branch: Branch | null, playground: PlaygroundState, base: () => PlaygroundState | undefined) {
    this.branch = branch;
    this.label = branch ? branch.name : 'Base run';
    this.playground = playground;
    this.#base = base;
  }

  #report(): BranchReport | null {
    const base = this.#base();
    const baseSummary = base?.run?.summary;
    const summary = this.playground.run?.summary;
    if (!this.branch || !base?.run || !baseSummary || !this.playground.run || !summary) return null;
    const a = base.run.trace;
    const b = this.playground.run.trace;
    const divergeAt = firstDivergence(a, b);
    const diff = diffRuns({ trace: a, checks: baseSummary.checks, hash: baseSummary.hash }, { trace: b, checks: summary.checks, hash: summary.hash });
    return { divergeAt, divergeEvent: divergeAt === null ? null : b[divergeAt] ?? a[divergeAt] ?? null, diff };
  }
}

export class BranchesState {
  #simulator: () => Simulator;
  #lanes = $state.raw<BranchLane[]>([]);
  #error = $state<string | null>(null);
  /** The shared cursor in virtual time. */
  readonly cursor = new LaneCursor(() => this.#lanes.map((l) => l.playground));

  constructor(simulator: () => Simulator) {
    this.#simulator = simulator;
  }

  get lanes() { return this.#lanes; }
  get error() { return this.#error; }
  get done() { return this.#lanes.length > 0 && this.#lanes.every((l) => l.playground.status === 'done' || l.playground.status === 'stopped'); }

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
    this.cursor.reset();
    const baseLane = (): PlaygroundState | undefined => this.#lanes[0]?.playground;
    const lane = (branch: Branch | null): BranchLane => {
      const playground = new PlaygroundState(this.#simulator);
      playground.groupEntities = LANES_GROUP_BROKER;
      const inputs = branch ? branchInputs(base, branch) : { seed: base.seed, faults: base.faults };
      playground.load(base.scenario, inputs.seed, inputs.faults);
      return new BranchLane(branch, playground, baseLane);
    };
    const runnable = branchSession.branches.filter((b) => !problems.some((p) => p.startsWith(`${b.name}:`)));
    this.#lanes = [lane(null), ...runnable.map(lane)];
  }

  hashOf(lane: BranchLane): string | undefined {
    return lane.playground.run?.summary?.hash;
  }

  describe(branch: Branch): string {
    return describeChange(branch.change);
  }

  /** Shows where `lane` parts from the base: every diagram at that moment, the branch's event highlighted. */
  showDivergence(lane: BranchLane): void {
    const r = lane.report;
    if (!r || r.divergeAt === null || !r.divergeEvent) return;
    const seq = lane.playground.run?.trace[r.divergeAt]?.seq;
    this.cursor.seekTick(r.divergeEvent.tick);
    if (seq !== undefined) lane.playground.showEvents([seq]);
  }
}
