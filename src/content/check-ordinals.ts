// The runs of one lesson check, numbered, and what they left, gathered in that order. Every run
// has an ordinal: the lesson's runs 0…n-1 in matrix order (fault plan × seed), then the crash
// sweep's crashes in order — known once the sweep's baseline has run (`planSweep`). Whoever
// runs an ordinal (this worker, or a helper of the check pool, src/worker/check-pool.ts) gives
// back a part — a record, a crash that never struck, or an error — and `absorb` takes it in.
// The verdict reads the records in ordinal order (`counted`), so it is the one a check alone
// gives, whoever ran what and in whatever order the parts came back.
//
// What a run *is* (a Simulation, its checks and sweep findings) is content/check.ts's; this
// module only numbers runs and keeps their parts. Plain data throughout: parts cross workers.

import type { FaultSpec } from '../engine/scenario/types';
import type { CrashPoint } from '../engine/services/invocation';
import type { RunFigures } from './capstone-figures';

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

/** A check's failure on one run: the check's name (CRASH_SWEEP; '*' for a run that never settled) and its first error. */
export type RunFailure = [name: string, failure: { explanation: string; eventRefs: number[] }];

/**
 * What one run of a check left for the verdict: plain data, so a run done by another worker
 * (the check pool, src/worker/check-pool.ts) crosses to the one that gives the verdict.
 * `ordinal` is the run's place in the check: the lesson's runs in matrix order, then the sweep's.
 */
export interface CheckRecord {
  ordinal: number;
  run: CheckRun;
  failed: RunFailure[];
  hash: string;
  checksJudged: boolean;
  figures?: RunFigures;
}

/** A run done for a check: its record, or `unreached` for a sweep crash that never struck (not a run of the verdict). */
export type CheckPart = { ordinal: number; record: CheckRecord } | { ordinal: number; unreached: true } | { ordinal: number; error: string };

/** A handler (or a service's outbox relay) the sweep crashes at one point. */
export interface SweepTarget {
  service: string;
  handler: string;
  point: CrashPoint;
  /** The entry handler of its flows (called by the workload): a crash before its commit fails the request. */
  request: boolean;
}

/** One crash of the sweep: the nth time its target reaches its point. */
export interface SweepCrash {
  target: number;
  nth: number;
}

export class CheckOrdinals {
  /** Records by ordinal. */
  private readonly records = new Map<number, CheckRecord>();
  /** Sweep ordinals whose crash never struck: later crashes of the same target do not count. */
  private readonly unreached = new Set<number>();
  /** The sweep's crashes, in order (the sweep ordinal is the lesson's runs + the index here); null until the baseline ran. */
  private crashes: SweepCrash[] | null = null;
  private nextPlanned = 0;
  private nextSweep = 0;
  private errorText: string | undefined;
  /** The ordinal of the run that found the error (-1: found before any run). */
  private errorOrdinal = -1;

  constructor(
    /** The lesson's runs, in matrix order. */
    readonly planned: readonly CheckRun[],
    /** What the sweep crashes (none: no sweep). */
    readonly targets: readonly SweepTarget[],
    /** The seed and faults every sweep run starts from. */
    private readonly sweepSeed: number,
    private readonly sweepFaults: FaultSpec[],
  ) {}

  /** The lesson's runs: ordinals [0, plannedRuns). */
  get plannedRuns(): number {
    return this.planned.length;
  }

  /** The sweep's crash runs (ordinals [plannedRuns, plannedRuns + sweepRuns)), once planned. */
  get sweepRuns(): number {
    return this.crashes?.length ?? 0;
  }

  /** The sweep's crashes are known (or there is no sweep). */
  get sweepPlanned(): boolean {
    return this.targets.length === 0 || this.crashes !== null;
  }

  /** The sweep's crashes have been planned (its baseline ran, or failed: then there are none). */
  get crashesKnown(): boolean {
    return this.crashes !== null;
  }

  planSweep(crashes: SweepCrash[]): void {
    this.crashes = crashes;
  }

  /** The sweep's crashes once planned (plain data: another worker's check of the same lesson and files plans the same). */
  get plannedCrashes(): readonly SweepCrash[] | null {
    return this.crashes;
  }

  /** The first error found (the code cannot run), by the earliest ordinal that found it. */
  get error(): string | undefined {
    return this.errorText;
  }

  /** Keeps `error` if no run before `ordinal` found one (the same code fails every run alike). */
  noteError(ordinal: number, error: string): void {
    if (this.errorText === undefined || ordinal < this.errorOrdinal) {
      this.errorText = error;
      this.errorOrdinal = ordinal;
    }
  }

  /** The run a sweep ordinal stands for, with its target (undefined: no such crash planned). */
  sweepRunAt(ordinal: number): { run: CheckRun; target: SweepTarget } | undefined {
    const item = this.crashes?.[ordinal - this.planned.length];
    if (!item) return undefined;
    const target = this.targets[item.target]!;
    const nth = item.nth;
    const fault: FaultSpec = { type: 'crash', service: target.service, handler: target.handler, point: target.point, nth, restartAfterTicks: SWEEP_RESTART_TICKS };
    const run: CheckRun = { seed: this.sweepSeed, faultPlan: `crash sweep: ${target.service}/${target.handler} ${target.point} #${nth}`, faults: [...this.sweepFaults, fault], sweep: { service: target.service, handler: target.handler, point: target.point, nth } };
    return { run, target };
  }

  /** Takes in a part (this check's own, or another worker's for the same lesson and files). */
  absorb(part: CheckPart | null): void {
    if (!part) return;
    if ('record' in part) this.records.set(part.ordinal, part.record);
    else if ('unreached' in part) this.unreached.add(part.ordinal);
    else this.noteError(part.ordinal, part.error);
  }

  /** A run done or taken in. */
  private covered(ordinal: number): boolean {
    return this.records.has(ordinal) || this.unreached.has(ordinal);
  }

  /** Every lesson run is done (here, or by another worker and taken in). */
  get plannedOver(): boolean {
    while (this.nextPlanned < this.planned.length && this.covered(this.nextPlanned)) this.nextPlanned++;
    return this.nextPlanned >= this.planned.length;
  }

  /** No sweep run is left to do (in order: a target whose crash stopped striking has no later ones). */
  get sweepOver(): boolean {
    if (this.targets.length === 0) return true;
    if (!this.crashes) return false;
    while (this.nextSweep < this.crashes.length && (this.afterUnreached(this.nextSweep) || this.covered(this.planned.length + this.nextSweep))) this.nextSweep++;
    return this.nextSweep >= this.crashes.length;
  }

  /** The next lesson run nobody did (call after `plannedOver` said false). */
  takePlanned(): number {
    return this.nextPlanned++;
  }

  /** The next sweep crash nobody did, as an ordinal (call after `sweepOver` said false). */
  takeSweep(): number {
    return this.planned.length + this.nextSweep++;
  }

  /** Lesson runs left to take (an estimate's part). */
  get plannedLeft(): number {
    return Math.max(0, this.planned.length - this.nextPlanned);
  }

  /** Marks a lesson run as taken when it is the next one (the sweep's baseline twin, recorded by its baseline). */
  skipPlanned(ordinal: number): void {
    if (this.nextPlanned === ordinal) this.nextPlanned++;
  }

  /** Progress when several workers share the runs: the runs taken in, of all the check will count. */
  get sharedProgress(): { done: number; total: number } {
    const done = this.records.size + this.unreached.size;
    const sweep = this.crashes ? this.crashes.length : this.targets.length * 2;
    return { done, total: Math.max(done, this.planned.length + sweep) };
  }

  /** Has `name` (a check, or CRASH_SWEEP) failed on a run so far (or the code cannot run)? */
  hasFailed(name: string): boolean {
    if (this.errorText !== undefined) return true;
    for (const r of this.records.values()) if (r.failed.some(([n]) => n === name || n === '*')) return true;
    return false;
  }

  /** A sweep index whose target's crash already failed to strike at an earlier nth. */
  private afterUnreached(index: number): boolean {
    if (this.unreached.size === 0 || !this.crashes) return false;
    const item = this.crashes[index]!;
    for (const u of this.unreached) {
      const other = this.crashes[u - this.planned.length];
      if (other && other.target === item.target && other.nth < item.nth) return true;
    }
    return false;
  }

  /** The records the verdict counts, in ordinal order (none after a target's crash stopped striking). */
  counted(): CheckRecord[] {
    const out = [...this.records.values()].sort((a, b) => a.ordinal - b.ordinal);
    if (this.unreached.size === 0 || !this.crashes) return out;
    return out.filter((r) => r.ordinal < this.planned.length || !this.afterUnreached(r.ordinal - this.planned.length));
  }
}
