// How long "Check my code" takes per lesson with its solution, in Node: every seed × fault plan
// plus the crash sweep (content/check.ts). Prints runs and milliseconds per lesson (the median
// of 3 checks after a warm-up), and the share spent in the sweep. A figure, not a test.
//   npx tsx scripts/bench-lesson-check.ts [lesson-id…]

import { loadCourseFromDisk } from '../src/content/node-loader';
import { solutionFiles } from '../src/content/resolve';
import { checkLesson } from '../src/content/check';
import { loadHandlerRealmInNode } from '../src/realm/node';

await loadHandlerRealmInNode();

const { course } = await loadCourseFromDisk();
const only = process.argv.slice(2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${'lesson'.padEnd(34)} ${'runs'.padStart(5)} ${'sweep'.padStart(6)} ${'ms'.padStart(7)} ${'no sweep'.padStart(9)}`);
for (const lesson of course.lessons) {
  if (only.length > 0 && !only.includes(lesson.id)) continue;
  const files = solutionFiles(lesson);
  checkLesson(lesson, files);
  const full: number[] = [];
  const plain: number[] = [];
  let runs = 0;
  let swept = 0;
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    const v = checkLesson(lesson, files);
    full.push(performance.now() - t);
    runs = v.runs;
    swept = v.checks.find((c) => c.name === 'crash-sweep')?.total ?? 0;
    t = performance.now();
    checkLesson(lesson, files, { sweep: false });
    plain.push(performance.now() - t);
  }
  console.log(`${lesson.id.padEnd(34)} ${String(runs).padStart(5)} ${String(swept).padStart(6)} ${median(full).toFixed(0).padStart(7)} ${median(plain).toFixed(0).padStart(9)}`);
}
