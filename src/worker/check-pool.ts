// "Check my code" shared out among workers: the simulator worker runs a lesson check with a few
// helper workers (check.worker.ts), one per spare core (at most two). Every run of a check has an ordinal
// (content/check.ts): the simulator worker keeps the check that gives the verdict, runs the
// sweep's baseline first (so the crash runs are known early), and hands ordinals to the helpers,
// three at a time so none idles while its answers cross; each helper runs them in its own
// LessonCheck of the same lesson and files and sends back the record. The verdict reads the
// records in ordinal order, so it is the one a check alone gives, whoever ran what (runs are
// deterministic: the same run gives the same record in any worker). When nothing is left to
// hand out, the simulator worker also runs an ordinal a helper holds but has not started; the
// record that comes second is the same and changes nothing.
//
// Same calls as the simulator API's (checkStart, checkNext, checkCancel), so the page drives it
// alike, with progress and cancel. Helpers beat through the simulator worker (their beats are
// passed on), so the page's watchdog sees a check working while helpers run; a helper that dies
// gives its ordinals back. A helper is handed ordinals only once it has loaded its realm.
//
// The sweep's baseline runs once, here: its plan and baseline go to the helpers (`sweep`) before
// any crash ordinal, so they do not each run it again (they would, to know what a crash is
// compared with). Helpers are made at the first check, or earlier — `warm`, while the learner
// reads — so a first check costs what a second does.

import { LessonCheck, type CheckableLesson, type CheckPart, type CheckProgress, type SharedSweep } from '../content/check';
import type { CodeFiles } from '../content/resolve';
import { beat } from './heartbeat';
import type { CheckBatch } from './simulator-api';

/** What the simulator worker tells a helper. */
export type ToHelper =
  | { type: 'check'; checkId: number; lesson: CheckableLesson; files: CodeFiles }
  | { type: 'run'; checkId: number; ordinal: number }
  | { type: 'forget'; checkId: number }
  /** The sweep's plan and baseline, from the simulator worker's baseline run: helpers do not run it again. */
  | { type: 'sweep'; checkId: number; sweep: SharedSweep }
  /** Warm up on this lesson and code while the learner reads: a run or two, thrown away. */
  | { type: 'warm'; lesson: CheckableLesson; files: CodeFiles };

/** What a helper tells the simulator worker (besides heartbeats). */
export type FromHelper = { type: 'ready' } | { type: 'part'; checkId: number; part: CheckPart };

/** One helper worker, as the pool sees it. */
export interface HelperPort {
  post(message: ToHelper): void;
  /** The pool's listeners: a message, or the helper's death. */
  listen(onMessage: (message: FromHelper) => void, onDeath: () => void): void;
}

/** Ordinals a helper holds at once: one running, the others waiting (it is handed more only between this worker's slices). */
const HELD_MAX = 3;
/** This worker's own slice of a batch when helpers work too: short, so their answers are heard and more handed out. */
const SLICE_MS_WITH_HELPERS = 50;
/** How long a batch waits for the helpers when the simulator worker has nothing left to run. */
const WAIT_MS_MAX = 200;
const OPEN_CHECKS_MAX = 2;

interface Helper {
  port: HelperPort;
  ready: boolean;
  /** Ordinals handed to it for the current check, in order. */
  held: number[];
}

interface PooledCheck {
  checkId: number;
  check: LessonCheck;
  /** Ordinals nobody holds yet. */
  queue: number[];
  /** The sweep's crashes were added to the queue. */
  sweepQueued: boolean;
  /** Serialises the page's batches (it asks for one ahead). */
  turn: Promise<unknown>;
}

export class CheckPool {
  private readonly helpers: Helper[] = [];
  private readonly checks = new Map<number, PooledCheck>();
  private nextCheckId = 1;
  /** The check the helpers work for (one at a time: the newest). */
  private current: PooledCheck | null = null;
  private wake: (() => void) | null = null;

  constructor(ports: HelperPort[]) {
    for (const port of ports) {
      const helper: Helper = { port, ready: false, held: [] };
      this.helpers.push(helper);
      port.listen((message) => this.heard(helper, message), () => this.died(helper));
    }
  }

  /**
   * While the learner reads (the page is idle): each helper runs a lesson run and a sweep crash
   * of `files` and throws them away, so the first check finds helpers started, their wasm
   * instances made, the code compiled and the engine's hot paths compiled by the JIT.
   */
  warm(lesson: CheckableLesson, files: CodeFiles): void {
    if (this.busy) return; // a check came first: the helpers work for it
    for (const h of this.helpers) h.port.post({ type: 'warm', lesson, files });
  }

  /** A check is open (warming now would only take its time). */
  get busy(): boolean {
    return this.checks.size > 0;
  }

  /** Helpers ready to run. */
  get readyHelpers(): number {
    return this.helpers.filter((h) => h.ready).length;
  }

  checkStart(lesson: CheckableLesson, files: CodeFiles): { checkId: number } & CheckProgress {
    const check = new LessonCheck(lesson, files);
    const checkId = this.nextCheckId++;
    const queue: number[] = [];
    for (let i = 0; i < check.plannedRuns; i++) if (i !== check.baselineOrdinal) queue.push(i);
    const pooled: PooledCheck = { checkId, check, queue, sweepQueued: false, turn: Promise.resolve() };
    this.checks.set(checkId, pooled);
    for (const id of this.checks.keys()) if (this.checks.size > OPEN_CHECKS_MAX) this.forget(id);
    if (this.current) this.release(this.current);
    this.current = pooled;
    for (const h of this.helpers) {
      h.held = [];
      h.port.post({ type: 'check', checkId, lesson, files });
    }
    this.dispatch();
    return { checkId, ...this.progressOf(pooled) };
  }

  /** Runs up to `runsMax` ordinals here for about `timeMs`, or waits a little for the helpers; the batch that finishes carries the verdict. */
  checkNext(checkId: number, runsMax: number, timeMs: number): Promise<CheckBatch> {
    const pooled = this.checks.get(checkId);
    if (!pooled) return Promise.reject(new Error(`no open check ${checkId}`));
    const next = pooled.turn.then(() => this.batch(pooled, runsMax, timeMs));
    pooled.turn = next.catch(() => undefined);
    return next;
  }

  checkCancel(checkId: number) {
    const pooled = this.checks.get(checkId);
    if (!pooled) return null;
    this.forget(checkId);
    pooled.check.cancel();
    return pooled.check.verdict();
  }

  private async batch(pooled: PooledCheck, runsMax: number, timeMs: number): Promise<CheckBatch> {
    if (!this.checks.has(pooled.checkId)) throw new Error(`no open check ${pooled.checkId}`);
    const { check } = pooled;
    const startedMs = performance.now();
    const sliceMs = pooled === this.current && this.readyHelpers > 0 ? Math.min(timeMs, SLICE_MS_WITH_HELPERS) : timeMs;
    for (let i = 0; i < runsMax && !check.finished; i++) {
      if (!this.runHere(pooled)) break;
      const nowMs = performance.now();
      beat(nowMs);
      if (nowMs - startedMs >= sliceMs) break;
    }
    if (!check.finished && !this.hasWorkHere(pooled)) {
      // Nothing left to run here: wait for a helper's record (or a short while, to report progress).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.wake = null;
          resolve();
        }, Math.min(WAIT_MS_MAX, Math.max(20, timeMs)));
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
    if (!check.finished) return { finished: false, ...this.progressOf(pooled) };
    this.forget(pooled.checkId);
    return { finished: true, ...this.progressOf(pooled), verdict: check.verdict() };
  }

  private hasWorkHere(pooled: PooledCheck): boolean {
    return !pooled.check.sweepPlanned || pooled.queue.length > 0 || (pooled === this.current && this.helpers.some((h) => h.held.length >= HELD_MAX));
  }

  /** One run here: the sweep's baseline first, then the queue, then an ordinal a helper has not started. False: nothing to run. */
  private runHere(pooled: PooledCheck): boolean {
    const { check } = pooled;
    if (!check.sweepPlanned) {
      check.absorb(check.prepareSweep());
      this.queueSweep(pooled);
      return true;
    }
    this.queueSweep(pooled);
    let ordinal = pooled.queue.shift();
    if (ordinal === undefined && pooled === this.current) {
      const busiest = this.helpers.filter((h) => h.held.length >= HELD_MAX).sort((a, b) => b.held.length - a.held.length)[0];
      ordinal = busiest?.held.pop();
    }
    if (ordinal === undefined) return false;
    check.absorb(check.runAt(ordinal));
    return true;
  }

  private queueSweep(pooled: PooledCheck): void {
    const { check } = pooled;
    if (pooled.sweepQueued || !check.sweepPlanned) return;
    pooled.sweepQueued = true;
    const sweep = pooled === this.current ? check.sharedSweep : null;
    if (sweep) for (const h of this.helpers) h.port.post({ type: 'sweep', checkId: pooled.checkId, sweep });
    for (let i = 0; i < check.sweepRuns; i++) pooled.queue.push(check.plannedRuns + i);
    this.dispatch();
  }

  /** Hands queued ordinals to ready helpers, up to HELD_MAX each. */
  private dispatch(): void {
    const pooled = this.current;
    if (!pooled) return;
    for (const h of this.helpers) {
      while (h.ready && h.held.length < HELD_MAX && pooled.queue.length > 0) {
        const ordinal = pooled.queue.shift()!;
        h.held.push(ordinal);
        h.port.post({ type: 'run', checkId: pooled.checkId, ordinal });
      }
    }
  }

  private heard(helper: Helper, message: FromHelper): void {
    if (message.type === 'ready') {
      helper.ready = true;
      this.dispatch();
      return;
    }
    beat();
    const pooled = this.current;
    if (!pooled || message.checkId !== pooled.checkId) return;
    const at = helper.held.indexOf(message.part.ordinal);
    if (at >= 0) helper.held.splice(at, 1);
    pooled.check.absorb(message.part);
    this.dispatch();
    this.wake?.();
  }

  private died(helper: Helper): void {
    const at = this.helpers.indexOf(helper);
    if (at < 0) return;
    this.helpers.splice(at, 1);
    if (this.current) this.current.queue.unshift(...helper.held);
    helper.held = [];
    this.wake?.();
  }

  private forget(checkId: number): void {
    const pooled = this.checks.get(checkId);
    this.checks.delete(checkId);
    if (pooled) this.release(pooled);
  }

  /** The helpers stop working for `pooled`; what they held goes back to its queue (it may still be driven alone). */
  private release(pooled: PooledCheck): void {
    if (this.current !== pooled) return;
    this.current = null;
    for (const h of this.helpers) {
      pooled.queue.unshift(...h.held);
      h.held = [];
      h.port.post({ type: 'forget', checkId: pooled.checkId });
    }
  }

  private progressOf(pooled: PooledCheck): CheckProgress {
    return pooled.check.sharedProgress;
  }
}
