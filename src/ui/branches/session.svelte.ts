// The learner's what-if branches: one base run (scenario, seed, fault plan, where the cursor
// was) and up to four branches of it, each the base plus one change (share/branches.ts). The
// playground's "Branch here" starts or extends it; a shared link with branches replaces it; the
// branches page runs it. It is kept in the tab's sessionStorage, so a reload keeps the branches
// (the learner's work is never lost to a refresh); what is read back is checked for shape, and
// the page validates it with the engine before anything runs, as for a link.

import type { FaultSpec, Scenario } from '../../engine/scenario/types';
import { SHARE_VERSION, BRANCHES_MAX, shareStateOf, validateShareState, type Branch, type ShareState } from '../../share/index';

export interface BranchBase {
  scenario: Scenario;
  seed: number;
  faults: FaultSpec[];
  /** The base run's cursor when the first branch was made (where the page opens). */
  position: number;
  /** The site's own scenario (or lesson's) of the same id, so links stay short. */
  shipped?: Scenario;
  lessonId?: string;
  /** The base hash a shared link promised (null when the session was made here). */
  hash?: string;
}

const STORAGE_KEY = 'brokerlab.branches.v1';

const sameRun = (a: Pick<BranchBase, 'scenario' | 'seed' | 'faults'>, b: Pick<BranchBase, 'scenario' | 'seed' | 'faults'>) =>
  a.seed === b.seed && JSON.stringify(a.faults) === JSON.stringify(b.faults) && JSON.stringify(a.scenario) === JSON.stringify(b.scenario);

class BranchSession {
  #base = $state.raw<BranchBase | null>(null);
  #branches = $state.raw<Branch[]>([]);

  constructor() {
    this.#restore();
  }

  get base() { return this.#base; }
  get branches() { return this.#branches; }
  get full() { return this.#branches.length >= BRANCHES_MAX; }

  /** Whether `run` (scenario, seed and faults) is the session's base: its branches are this run's. */
  isBase(run: Pick<BranchBase, 'scenario' | 'seed' | 'faults'>): boolean {
    return this.#base !== null && sameRun(this.#base, run);
  }

  /** Adds `branch` to the branches of `base`; a different base starts a new set of branches. */
  add(base: BranchBase, branch: Branch): void {
    if (!this.#base || !sameRun(this.#base, base)) this.#branches = [];
    this.#base = base;
    this.#branches = [...this.#branches.filter((b) => b.name !== branch.name), branch].slice(-BRANCHES_MAX);
    this.#save();
  }

  /** Replaces everything with a shared base and its branches (hashes kept, to verify the replay). */
  open(base: BranchBase, branches: Branch[]): void {
    this.#base = base;
    this.#branches = branches.slice(0, BRANCHES_MAX);
    this.#save();
  }

  remove(name: string): void {
    this.#branches = this.#branches.filter((b) => b.name !== name);
    this.#save();
  }

  rename(name: string, to: string): boolean {
    const clean = to.trim();
    if (!clean || clean.length > 60 || this.#branches.some((b) => b.name === clean)) return false;
    this.#branches = this.#branches.map((b) => (b.name === name ? { ...b, name: clean } : b));
    this.#save();
    return true;
  }

  /** The share state of the base and its branches, with the hashes the page computed. */
  shareState(hashes: { base?: string; branches: Record<string, string | undefined> }): ShareState | null {
    const base = this.#base;
    if (!base) return null;
    const state = shareStateOf({ scenario: base.scenario, seed: base.seed, faults: base.faults, position: base.position, ...(hashes.base ? { hash: hashes.base } : {}), ...(base.lessonId ? { lessonId: base.lessonId } : {}) }, base.shipped);
    return { ...state, branches: this.#branches.map(({ hash: _old, ...b }) => ({ ...b, ...(hashes.branches[b.name] ? { hash: hashes.branches[b.name] } : {}) })) };
  }

  #save(): void {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ base: this.#base, branches: this.#branches }));
    } catch {
      // Storage full or refused: the branches still live in this page until it closes.
    }
  }

  #restore(): void {
    try {
      const raw = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(STORAGE_KEY);
      if (!raw) return;
      const saved = JSON.parse(raw) as { base?: BranchBase; branches?: unknown };
      const base = saved.base;
      if (!base || typeof base !== 'object' || typeof base.scenario !== 'object' || base.scenario === null) return;
      // The same checks a link gets, on the scenario written out whole.
      const issues = validateShareState({ v: SHARE_VERSION, source: { kind: 'scenario', scenario: base.scenario }, seed: base.seed, faults: base.faults, position: base.position, branches: saved.branches });
      if (issues.length > 0) return;
      this.#base = base;
      this.#branches = saved.branches as Branch[];
    } catch {
      // A damaged entry is dropped: nothing runs from it.
    }
  }
}

export const branchSession = new BranchSession();
