// What-if branches: a run forked at a cursor with one change — a fault striking at that moment
// (a crash, a duplicate, an outage, new handler code deployed: the `deploy` fault), or another
// seed. A branch is data: the base run's inputs plus its change replay it to the same trace,
// so branches travel in share links and files beside the base run and reopen with their hashes.
// A fault at the cursor leaves everything before it unchanged, so a branch and its base share
// their history up to the moment of the fork; another seed changes the run from its start.

import type { FaultSpec } from '../engine/scenario/types';
import type { ShareState } from './state';

/** At most this many branches beside the base run (each is a full simulation to run and draw). */
export const BRANCHES_MAX = 4;
export const BRANCH_NAME_CHARS_MAX = 60;

export type BranchChange =
  | { kind: 'fault'; fault: FaultSpec }
  | { kind: 'seed'; seed: number };

export interface Branch {
  name: string;
  /** The base run's cursor (events that had happened) where the branch was made. */
  position: number;
  change: BranchChange;
  /** The branch's trace hash when it was shared, as for the base run. */
  hash?: string;
}

/** What a branch runs: the base state's seed and faults with the branch's change applied. */
export function branchInputs(state: Pick<ShareState, 'seed' | 'faults'>, branch: Branch): { seed: number; faults: FaultSpec[] } {
  const change = branch.change;
  return change.kind === 'seed' ? { seed: change.seed, faults: state.faults } : { seed: state.seed, faults: [...state.faults, change.fault] };
}

/** A short sentence for a change ("crash Inventory at 1,200 ms", "seed 7"). */
export function describeChange(change: BranchChange): string {
  if (change.kind === 'seed') return `another seed: ${change.seed}`;
  const f = change.fault as Record<string, unknown>;
  const at = typeof f.atTick === 'number' ? ` at ${f.atTick.toLocaleString('en')} ms` : typeof f.fromTick === 'number' ? ` from ${f.fromTick.toLocaleString('en')} ms` : '';
  const who = typeof f.service === 'string' ? ` ${f.service}` : '';
  if (f.type === 'deploy') return `deploy new code of ${Object.keys((f.handlers ?? {}) as object).join(', ')} to${who}${at}`;
  return `${String(f.type)}${who}${at}${typeof f.nth === 'number' ? ` (occurrence ${f.nth})` : ''}`;
}

/** A name not yet taken among `taken` ("Branch 1", "Branch 2", …). */
export function nextBranchName(taken: readonly string[]): string {
  for (let i = 1; ; i++) if (!taken.includes(`Branch ${i}`)) return `Branch ${i}`;
}
