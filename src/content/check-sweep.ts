// The crash sweep's plan: which crashes a lesson check runs, read off one run without a crash
// (the baseline). A crash run is the baseline until its crash strikes, so the nth crash at a
// point happens exactly when the baseline reached that point n times: the baseline counts every
// crash point each handler reaches (`SweepReaches.hook`, last in the run's hooks, where the
// sweep's own crash fault is asked), and the plan is one crash per reach, at most `nthMax` per
// handler and point (`SweepReaches.crashes`). Crashes that are the same run under another name
// are left out (`sameAsEarlierCrash`).
//
// The plan and the baseline's flows are plain data (`SharedSweep`): the worker that ran the
// baseline hands them to the check pool's helpers, so none runs it again
// (src/worker/check-pool.ts). What each crash run is, and what the verdict makes of it, is
// check.ts's; how runs are numbered is check-ordinals.ts's.

import type { FaultHooks } from '../engine/faults/hooks';
import type { SweepCrash, SweepTarget } from './check-ordinals';
import type { SweepBaseline } from './sweep';

/** The crash sweep's plan and baseline, handed from the check that ran the baseline to others (LessonCheck.sharedSweep). */
export interface SharedSweep {
  crashes: SweepCrash[];
  baseline: SweepBaseline;
}

/** How often one baseline run reached each crash point of each handler, and the crashes that makes. */
export class SweepReaches {
  /** Reaches by service/handler/point. */
  private readonly reaches = new Map<string, number>();
  /** The invocation at each reach of after-effect-before-ack and before-ack. */
  private readonly reachedBy = new Map<string, object[]>();

  constructor(private readonly nthMax: number) {}

  /** The hook that counts reaches: it never crashes anything. */
  hook(): FaultHooks {
    return {
      crashAt: (inv, point) => {
        const key = `${inv.service.name}/${inv.handler.spec.name}/${point}`;
        this.reaches.set(key, (this.reaches.get(key) ?? 0) + 1);
        if (point === 'after-effect-before-ack' || point === 'before-ack') {
          const list = this.reachedBy.get(key);
          if (list) list.push(inv);
          else this.reachedBy.set(key, [inv]);
        }
        return null;
      },
    };
  }

  /** The sweep's crashes, target by target in order: one per reach (at most nthMax), none that repeats an earlier one. */
  crashes(targets: readonly SweepTarget[]): SweepCrash[] {
    const out: SweepCrash[] = [];
    targets.forEach((t, target) => {
      for (let nth = 1; nth <= this.reachedTimes(t); nth++) if (!this.sameAsEarlierCrash(t, nth)) out.push({ target, nth });
    });
    return out;
  }

  /** Crash runs a sweep target gets: once per time the baseline reached its point, at most nthMax. */
  private reachedTimes(t: SweepTarget): number {
    return Math.min(this.nthMax, this.reaches.get(`${t.service}/${t.handler}/${t.point}`) ?? 0);
  }

  /**
   * after-effect-before-ack and before-ack are reached back to back, nothing in between
   * (services/lifecycle.ts): a crash at before-ack in an invocation that committed is the crash
   * at its after-effect-before-ack, which runs first — the same run under another name.
   */
  private sameAsEarlierCrash(t: SweepTarget, nth: number): boolean {
    if (t.point !== 'before-ack') return false;
    const inv = this.reachedBy.get(`${t.service}/${t.handler}/before-ack`)?.[nth - 1];
    const k = inv ? (this.reachedBy.get(`${t.service}/${t.handler}/after-effect-before-ack`) ?? []).indexOf(inv) : -1;
    return k >= 0 && k < this.reachedTimes({ ...t, point: 'after-effect-before-ack' });
  }
}
