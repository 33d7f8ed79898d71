// How many handler realms one host keeps alive, and whose. Every realm is one service process
// of one run, and may grow to 32 MB: a worker holding a few streamed runs, a lesson check and
// branches could otherwise keep 48 of them (≈ 1.5 GB at worst). Two bounds, both deterministic
// for the run that is computing:
// - a run has at most SCENARIO_BOUNDS.codeServicesMax live realms (validation refuses a
//   scenario with more services running handler code; a realm beyond it fails clearly);
// - the host has at most HOST_REALMS_MAX. Making room never takes one realm out of a run that
//   goes on (its services would fail "process gone" and its trace would silently differ from
//   the same run alone — it did, before): the least recently used *other* run is closed whole,
//   and its next step fails with a message saying so. Runs that ended hold no realms.

import { SCENARIO_BOUNDS } from '../scenario/bounds';

/** Live realms in one host (a worker, a Node process), over every run: ≤ 32 × 32 MB ≈ 1 GB at worst. */
export const HOST_REALMS_MAX = 32;

/** What the host knows of a realm: enough to release it when its run is closed. */
export interface GroupMember {
  release(): void;
}

/** Runs with live realms, least recently used first (a Map keeps insertion order; use moves to the end). */
const groups = new Map<object, Set<GroupMember>>();
/** Runs closed to make room, with why. */
const closed = new WeakMap<object, string>();
/** Runs ever closed in this host: while none was, a step need not look itself up (every step asks). */
let closedEver = 0;
let liveTotal = 0;

/** The run `group` used a realm: it becomes the most recently used. */
export function touchGroup(group: object): void {
  const members = groups.get(group);
  if (members && groups.size > 1) {
    groups.delete(group);
    groups.set(group, members);
  }
}

/** Why `group` (a run) was closed to make room for others, or undefined. */
export function closedReason(group: object): string | undefined {
  return closedEver === 0 ? undefined : closed.get(group);
}

/** A new realm of `group` is about to be made: make room, or say clearly why it cannot be. */
export function admit(group: object, member: GroupMember): void {
  const reason = closed.get(group);
  if (reason) throw new Error(reason);
  const mine = groups.get(group) ?? new Set<GroupMember>();
  if (mine.size >= SCENARIO_BOUNDS.codeServicesMax) {
    throw new Error(`more than ${SCENARIO_BOUNDS.codeServicesMax} services run handler code at once in this run; each is a process with a realm of up to 32 MB`);
  }
  while (liveTotal >= HOST_REALMS_MAX) {
    const [victim, members] = [...groups].find(([g]) => g !== group) ?? [];
    if (!victim || !members) break; // only this run holds realms, and it is within its own bound
    closedEver++;
    closed.set(victim, `this run was closed to make room for newer runs: at most ${HOST_REALMS_MAX} handler realms (service processes) stay alive at once; run it again to see it`);
    groups.delete(victim);
    for (const m of members) {
      liveTotal--;
      m.release();
    }
  }
  mine.add(member);
  groups.delete(group);
  groups.set(group, mine);
  liveTotal++;
}

/** A realm was released (its service crashed, its run ended or was closed). */
export function leave(group: object, member: GroupMember): void {
  const members = groups.get(group);
  if (!members?.delete(member)) return;
  liveTotal--;
  if (members.size === 0) groups.delete(group);
}

/** Live realms in this host (for tests and benchmarks). */
export function liveRealms(): number {
  return liveTotal;
}
