// A helper worker's side of a shared lesson check (check-pool.ts): it keeps one LessonCheck of
// the lesson and files the simulator worker sent, and answers each ordinal it is handed with
// what that run left (its record). Runs are deterministic, so its record is the one the
// simulator worker would have made. A handed ordinal of a check it no longer holds is dropped.

import { LessonCheck } from '../content/check';
import type { FromHelper, ToHelper } from './check-pool';

/** The helper's message handler; `post` sends to the simulator worker. */
export function checkHelper(post: (message: FromHelper) => void): (message: ToHelper) => void {
  let current: { checkId: number; check: LessonCheck } | null = null;
  return (message) => {
    switch (message.type) {
      case 'check':
        current = { checkId: message.checkId, check: new LessonCheck(message.lesson, message.files) };
        return;
      case 'forget':
        if (current?.checkId === message.checkId) current = null;
        return;
      case 'run':
        if (!current || current.checkId !== message.checkId) return;
        post({ type: 'part', checkId: message.checkId, part: current.check.runAt(message.ordinal) });
        return;
    }
  };
}
