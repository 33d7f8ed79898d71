// Peak memory of "Check my code" per lesson, in Node: each lesson's full check (every seed ×
// fault plan and the crash sweep) with its solution, in a process of its own, so the figure is
// that check's peak resident set (max RSS, from the kernel) and not the sum of the others. The
// baseline is the same process loading the course and the realm without checking anything.
// A figure, not a test.   npx tsx scripts/bench-lesson-rss.ts [lesson-id…]

import { spawnSync } from 'node:child_process';
import { loadCourseFromDisk } from '../src/content/node-loader';

const child = process.env.BENCH_RSS_LESSON;
if (child !== undefined) {
  const { loadHandlerRealmInNode } = await import('../src/realm/node');
  const { solutionFiles } = await import('../src/content/resolve');
  const { checkLesson } = await import('../src/content/check');
  const { liveRealms } = await import('../src/engine/handlers/realm-groups');
  await loadHandlerRealmInNode();
  const { course } = await loadCourseFromDisk();
  const lesson = course.lessons.find((l) => l.id === child);
  const started = performance.now();
  const verdict = lesson ? checkLesson(lesson, solutionFiles(lesson)) : undefined;
  const ms = performance.now() - started;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ lesson: child, runs: verdict?.runs ?? 0, solved: verdict?.solved ?? null, ms: Math.round(ms), maxRssMB: +(peak / 2 ** 20).toFixed(1), liveRealmsAfter: liveRealms() }));
} else {
  const { course } = await loadCourseFromDisk();
  const only = process.argv.slice(2);
  const ids = ['(baseline: no check)', ...course.lessons.map((l) => l.id).filter((id) => only.length === 0 || only.includes(id))];
  const rows: { lesson: string; runs: number; ms: number; maxRssMB: number }[] = [];
  for (const id of ids) {
    const out = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], { env: { ...process.env, BENCH_RSS_LESSON: id }, encoding: 'utf8' });
    const line = out.stdout.trim().split('\n').pop() ?? '';
    try {
      rows.push(JSON.parse(line));
      console.log(line);
    } catch {
      console.log(`${id}: ${out.stderr.slice(0, 300)}`);
    }
  }
  const heaviest = rows.slice(1).sort((a, b) => b.maxRssMB - a.maxRssMB)[0];
  if (heaviest) console.log(`heaviest: ${heaviest.lesson} ${heaviest.maxRssMB} MB max RSS (baseline ${rows[0]?.maxRssMB} MB), ${heaviest.runs} runs in ${heaviest.ms} ms`);
}
