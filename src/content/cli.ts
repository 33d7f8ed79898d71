// Lesson ids on the command line: `npm run sim -- inbox` runs the inbox lesson's scenario with
// its starter code; `inbox:solution` with the solution laid over it. Lessons load from disk
// only when the argument is neither a built-in scenario nor a file.

import type { Scenario } from '../engine/scenario/types';
import { loadCourseFromDisk } from './node-loader';
import { resolveScenario, solutionFiles } from './resolve';

export async function lessonScenarioArg(arg: string): Promise<Scenario | undefined> {
  const m = /^([a-z0-9-]+)(?::(starter|solution))?$/.exec(arg);
  if (!m) return undefined;
  const { course } = await loadCourseFromDisk();
  const lesson = course.lessons.find((l) => l.id === m[1]);
  if (!lesson) return undefined;
  return resolveScenario(lesson, m[2] === 'solution' ? solutionFiles(lesson) : lesson.starter);
}
