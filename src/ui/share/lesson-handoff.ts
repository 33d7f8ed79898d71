// A shared lesson run on its way from the link (opened by the playground's ShareLayer) to the
// lesson page (#/lessons/<id>), which takes it once when it mounts and shows that run — the
// learner's code, where the chosen code was already saved — instead of the first demo.

import type { BrokerKind, FaultSpec } from '../../engine/scenario/types';

export interface SharedLessonRun {
  lessonId: string;
  seed: number;
  faults: FaultSpec[];
  position: number;
  broker?: BrokerKind;
  /** The trace hash the link was made with, to say whether the replay reproduced it. */
  hash?: string;
}

let waiting: SharedLessonRun | null = null;

export function handOffLessonRun(run: SharedLessonRun): void {
  waiting = run;
}

/** The shared run for this lesson, once; null when there is none. */
export function takeLessonRun(lessonId: string): SharedLessonRun | null {
  const run = waiting?.lessonId === lessonId ? waiting : null;
  if (run) waiting = null;
  return run;
}
