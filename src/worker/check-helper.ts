// A helper worker's side of a shared lesson check (check-pool.ts): it keeps one LessonCheck of
// the lesson and files the simulator worker sent, and answers each ordinal it is handed with
// what that run left (its record). Runs are deterministic, so its record is the one the
// simulator worker would have made. A handed ordinal of a check it no longer holds is dropped.
// The sweep's plan and baseline come from the simulator worker (`sweep`), so the helper never
// runs the baseline itself. `warm` runs a lesson run, then (a macrotask later, unless a check
// came meanwhile) a sweep crash, and throws both away: JIT and caches warm before the first check.

import { LessonCheck } from '../content/check';
import type { FromHelper, ToHelper } from './check-pool';

/** The helper's message handler; `post` sends to the simulator worker. */
export function checkHelper(post: (message: FromHelper) => void): (message: ToHelper) => void {
  let current: { checkId: number; check: LessonCheck } | null = null;
  let warming = 0;
  return (message) => {
    switch (message.type) {
      case 'check':
        current = { checkId: message.checkId, check: new LessonCheck(message.lesson, message.files) };
        return;
      case 'forget':
        if (current?.checkId === message.checkId) current = null;
        return;
      case 'sweep':
        if (current?.checkId === message.checkId) current.check.adoptSweep(message.sweep);
        return;
      case 'run':
        if (!current || current.checkId !== message.checkId) return;
        post({ type: 'part', checkId: message.checkId, part: current.check.runAt(message.ordinal) });
        return;
      case 'warm': {
        if (current !== null) return; // a check came first
        const warm = ++warming;
        const check = new LessonCheck(message.lesson, message.files);
        try {
          check.runAt(0);
        } catch {
          return; // a warm-up only: a check reports its own errors
        }
        setTimeout(() => {
          if (current !== null || warm !== warming || !check.sweepPlanned || check.sweepRuns === 0) return;
          try {
            check.runAt(check.plannedRuns);
          } catch {
            // a warm-up only
          }
        }, 0);
        return;
      }
    }
  };
}
