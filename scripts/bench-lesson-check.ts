// How long "Check my code" takes per lesson with its solution, in Node: every seed × fault plan
// plus the crash sweep (content/check.ts), one worker alone; then the design capstones with their
// reference designs (capstone:<id>). Prints one JSON line per lesson — load1 (the one-minute
// load average), runs (lesson runs
// and sweep runs), the median of ROUNDS checks after a warm-up (ms, and cpuMs: the process's CPU
// time, steadier on a busy machine), the same without the sweep
// (noSweepMs), ms per run, and what the check's wall time would be with its runs shared among 2
// and 4 workers as the browser's check pool shares them (worker/check-pool.ts), from each run's
// CPU time: the sweep's baseline first, runs handed out in order to whichever worker is free,
// a helper's first crash run preceded by its own baseline (pool2CpuMs, pool4CpuMs) — where
// the check's CPU time goes, from the same timed runs: runs × CPU ms per run for the sweep's
// baseline, the lesson's runs and the sweep's crashes (`split`), and the crashes per crash point
// (`sweepByPoint`: "runs×ms") — and a summary line (median and slowest lesson). A figure, not a test.
// `npm run bench:lessons` bundles it with esbuild first, as the site's build does for the worker,
// so the engine runs as it does in the browser (tsx's on-the-fly transform is slower).
//   npm run bench:lessons [-- lesson-or-capstone-id…]      ROUNDS=3 by default

import { solutionFiles } from '../src/content/resolve';
import { checkLesson, CRASH_SWEEP, LessonCheck } from '../src/content/check';
import { loadHandlerRealmInNode } from '../src/realm/node';
import { loadCapstones, loadCourse } from './bench-scale';
import type { CheckableLesson, CheckPart } from '../src/content/check';
import type { CodeFiles } from '../src/content/resolve';
import { loadavg } from 'node:os';

await loadHandlerRealmInNode();

const ROUNDS = Math.max(1, Number(process.env.ROUNDS ?? 3));
const course = await loadCourse(); // lessons/ of the working directory, scenario.ts through tsx (this file runs bundled)
if (course.lessons.length === 0) throw new Error('no lessons found: run from the repository root');
const only = process.argv.slice(2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number) => Math.round(n * 10) / 10;
const figures: { lesson: string; ms: number }[] = [];
const items: { id: string; lesson: CheckableLesson; files: CodeFiles }[] = [
  ...course.lessons.map((lesson) => ({ id: lesson.id, lesson, files: solutionFiles(lesson) })),
  ...(await loadCapstones()).map((c) => ({ id: `capstone:${c.id}`, lesson: c.lesson, files: { ...c.lesson.starter } })),
];
for (const { id, lesson, files } of items) {
  if (only.length > 0 && !only.includes(id) && !only.includes(id.replace(/^capstone:/, ''))) continue;
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
  const { pool, split, sweepByPoint } = costOf(lesson, files);
  const ms = median(full);
  figures.push({ lesson: id, ms });
  console.log(JSON.stringify({ name: 'lesson-check', lesson: id, solved, load1: round(loadavg()[0]!), runs, lessonRuns: runs - sweepRuns, sweepRuns, ms: round(ms), cpuMs: round(median(cpu)), noSweepMs: round(median(plain)), msPerRun: round(ms / Math.max(1, runs)), pool2CpuMs: round(pool(2)), pool4CpuMs: round(pool(4)), split, sweepByPoint }));
}
/** CPU ms of `fn`. */
function cpuOf(fn: () => void): number {
  const used = process.cpuUsage();
  fn();
  const u = process.cpuUsage(used);
  return (u.user + u.system) / 1000;
}

/** "runs×ms per run" of a group of timed runs. */
function perRun(ms: number[]): string {
  return `${ms.length}×${Math.round((ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length)) * 10) / 10}`;
}

/**
 * Each run of one check timed alone (CPU ms): the makespan on `workers` workers as the pool
 * schedules it, and where the time goes — by kind of run, and the sweep's crashes by point.
 */
function costOf(lesson: CheckableLesson, files: CodeFiles) {
  const check = new LessonCheck(lesson, files);
  const baselineMs = cpuOf(() => check.absorb(check.prepareSweep()));
  const costs: [ordinal: number, ms: number][] = [];
  const byPoint = new Map<string, number[]>();
  for (let o = 0; o < check.plannedRuns + check.sweepRuns; o++) {
    if (o === check.baselineOrdinal) continue;
    let part: CheckPart | undefined;
    const ms = cpuOf(() => void (part = check.runAt(o)));
    costs.push([o, ms]);
    const point = part && 'record' in part ? part.record.run.sweep?.point : undefined;
    if (point) byPoint.set(point, [...(byPoint.get(point) ?? []), ms]);
  }
  const planned = costs.filter(([o]) => o < check.plannedRuns).map(([, ms]) => ms);
  const crashes = costs.filter(([o]) => o >= check.plannedRuns).map(([, ms]) => ms);
  // The baseline is often one of the lesson's runs (its twin): then it is counted here, not in lessonRuns.
  const split = { baseline: perRun(check.sweepPlanned && (check.sweepRuns > 0 || check.baselineOrdinal >= 0) ? [baselineMs] : []), baselineIsLessonRun: check.baselineOrdinal >= 0, lessonRuns: perRun(planned), sweepCrashes: perRun(crashes) };
  const sweepByPoint = Object.fromEntries([...byPoint].map(([point, ms]) => [point, perRun(ms)]));
  return { pool: poolOf(check, baselineMs, costs), split, sweepByPoint };
}

/** The check's makespan on `workers` workers, as the pool schedules it, from each run's CPU time. */
function poolOf(check: LessonCheck, baselineMs: number, costs: [ordinal: number, ms: number][]): (workers: number) => number {
  return (workers) => {
    const free = [baselineMs, ...Array.from({ length: workers - 1 }, () => 0)];
    const hasBaseline = free.map((_, w) => w === 0);
    for (const [o, ms] of costs) {
      const w = free.indexOf(Math.min(...free));
      let start = free[w]!;
      if (o >= check.plannedRuns) {
        start = Math.max(start, baselineMs); // crash runs are known once the baseline ran
        if (!hasBaseline[w]) {
          hasBaseline[w] = true;
          start += baselineMs;
        }
      }
      free[w] = start + ms;
    }
    return Math.max(...free);
  };
}

if (figures.length > 1) {
  const slowest = figures.reduce((a, b) => (b.ms > a.ms ? b : a));
  console.log(JSON.stringify({ name: 'lesson-check-summary', lessons: figures.length, medianMs: round(median(figures.map((f) => f.ms))), underOneSecond: figures.filter((f) => f.ms < 1000).length, slowestLesson: slowest.lesson, slowestMs: round(slowest.ms) }));
}
