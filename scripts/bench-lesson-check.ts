// How long "Check my code" takes per lesson with its solution, in Node: every seed × fault plan
// plus the crash sweep (content/check.ts). Prints one JSON line per lesson — runs (lesson runs
// and sweep runs), the median of ROUNDS checks after a warm-up (ms, and cpuMs: the process's CPU
// time, steadier on a busy machine), the same without the sweep
// (noSweepMs), ms per run — and a summary line (median and slowest lesson). A figure, not a test.
// `npm run bench:lessons` bundles it with esbuild first, as the site's build does for the worker,
// so the engine runs as it does in the browser (tsx's on-the-fly transform is slower).
//   npm run bench:lessons [-- lesson-id…]      ROUNDS=3 by default

import { solutionFiles } from '../src/content/resolve';
import { checkLesson, CRASH_SWEEP } from '../src/content/check';
import { loadHandlerRealmInNode } from '../src/realm/node';
import { loadCourse } from './bench-scale';

await loadHandlerRealmInNode();

const ROUNDS = Math.max(1, Number(process.env.ROUNDS ?? 3));
const course = await loadCourse(); // lessons/ of the working directory, scenario.ts through tsx (this file runs bundled)
if (course.lessons.length === 0) throw new Error('no lessons found: run from the repository root');
const only = process.argv.slice(2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number) => Math.round(n * 10) / 10;
const figures: { lesson: string; ms: number }[] = [];
for (const lesson of course.lessons) {
  if (only.length > 0 && !only.includes(lesson.id)) continue;
  const files = solutionFiles(lesson);
  checkLesson(lesson, files); // warm-up: compile caches, realm pool, JIT
  const full: number[] = [];
  const cpu: number[] = [];
  const plain: number[] = [];
  let runs = 0;
  let sweepRuns = 0;
  let solved = false;
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    const used = process.cpuUsage();
    const v = checkLesson(lesson, files);
    full.push(performance.now() - t);
    const u = process.cpuUsage(used);
    cpu.push((u.user + u.system) / 1000);
    runs = v.runs;
    solved = v.solved;
    sweepRuns = v.checks.find((c) => c.name === CRASH_SWEEP)?.total ?? 0;
    t = performance.now();
    checkLesson(lesson, files, { sweep: false });
    plain.push(performance.now() - t);
  }
  const ms = median(full);
  figures.push({ lesson: lesson.id, ms });
  console.log(JSON.stringify({ name: 'lesson-check', lesson: lesson.id, solved, runs, lessonRuns: runs - sweepRuns, sweepRuns, ms: round(ms), cpuMs: round(median(cpu)), noSweepMs: round(median(plain)), msPerRun: round(ms / Math.max(1, runs)) }));
}
if (figures.length > 1) {
  const slowest = figures.reduce((a, b) => (b.ms > a.ms ? b : a));
  console.log(JSON.stringify({ name: 'lesson-check-summary', lessons: figures.length, medianMs: round(median(figures.map((f) => f.ms))), underOneSecond: figures.filter((f) => f.ms < 1000).length, slowestLesson: slowest.lesson, slowestMs: round(slowest.ms) }));
}
