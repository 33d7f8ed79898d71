// How long "Check my code" takes per lesson in Chromium with its solution: the click on the
// lesson page to the solved badge — the full check: every seed × fault plan and the crash
// sweep, run in the worker in batches. A figure, not a test. Prints one JSON line per lesson
// (the median of ROUNDS checks after a warm-up check, each round in a fresh page, and the runs
// the verdict counted) and a summary line; with several build folders (interleaved, so a busy
// machine weighs on each alike), one line per lesson and folder.
//   npm run bench:lessons:ui [-- lesson-id…]          builds dist/ first; ROUNDS=3 by default
//   npx vite build --outDir .dist-x && BROKERLAB_DIST=.dist-x npx tsx scripts/bench-lesson-check-browser.ts [lesson-id…]
//   BROKERLAB_DISTS=.dist-before,.dist-after npx tsx scripts/bench-lesson-check-browser.ts

import { startHarness, type Harness } from '../test/browser/harness';
import type { Lesson } from '../src/content/types';
import { loadCourseFromDisk } from '../src/content/node-loader';
import { solutionFiles } from '../src/content/resolve';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const { course } = await loadCourseFromDisk();
const only = process.argv.slice(2);
const dists = (process.env.BROKERLAB_DISTS ?? process.env.BROKERLAB_DIST ?? 'dist').split(',');
const harnesses: Harness[] = [];
for (const dist of dists) {
  process.env.BROKERLAB_DIST = dist;
  harnesses.push(await startHarness());
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median milliseconds from the click to the solved badge, and the runs the verdict counted. */
async function timeLesson(harness: Harness, lesson: Lesson): Promise<{ ms: number; all: number[]; runs: string }> {
  const page = await harness.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const files = solutionFiles(lesson);
  const times: number[] = [];
  let runs = '';
  for (let i = 0; i <= ROUNDS; i++) {
    // A fresh page and progress each round, so the solved badge of the last check is not mistaken for this one.
    await page.goto(`${harness.baseUrl}/#/lessons`);
    await page.evaluate(([id, filesJson, starterJson, answersJson]) => {
      const edits = JSON.parse(filesJson!) as Record<string, string>;
      const starter = JSON.parse(starterJson!) as Record<string, string>;
      const drafts: Record<string, { text: string; base: string; savedAtMs: number }> = {};
      for (const [f, text] of Object.entries(edits)) if (text !== starter[f]) drafts[f] = { text, base: starter[f] ?? '', savedAtMs: Date.now() };
      localStorage.setItem(`brokerlab:drafts:v1:lesson:${id}`, JSON.stringify({ version: 1, scope: `lesson:${id}`, files: drafts, updatedAtMs: Date.now() }));
      const progress = { format: 'brokerlab-progress', version: 1, lessons: { [id!]: { answers: JSON.parse(answersJson!), committed: true } } };
      localStorage.setItem('brokerlab.progress.v1', JSON.stringify(progress));
    }, [lesson.id, JSON.stringify(files), JSON.stringify(lesson.starter), JSON.stringify(lesson.meta.predict.map((p) => p.answer))]);
    await page.goto(`${harness.baseUrl}/#/lessons/${lesson.id}`);
    await page.reload();
    await page.getByTestId('check-code').waitFor();
    if (await page.getByTestId('solved-badge').count()) throw new Error(`${lesson.id}: solved before the check`);
    const started = Date.now();
    await page.getByTestId('check-code').click();
    await page.getByTestId('solved-badge').waitFor({ timeout: 120_000 });
    if (i > 0) times.push(Date.now() - started);
    runs = /(\d+)\/\1 runs/.exec(await page.locator('[data-testid=goal] li').first().innerText())?.[1] ?? '?';
  }
  await page.close();
  return { ms: median(times), all: times, runs };
}

const round = (n: number) => Math.round(n * 10) / 10;
try {
  const figures: { lesson: string; dist: string; ms: number }[] = [];
  for (const lesson of course.lessons) {
    if (only.length > 0 && !only.includes(lesson.id)) continue;
    for (const [i, h] of harnesses.entries()) {
      const r = await timeLesson(h, lesson);
      const dist = dists[i]!;
      figures.push({ lesson: lesson.id, dist, ms: r.ms });
      console.log(JSON.stringify({ name: 'lesson-check-browser', lesson: lesson.id, ...(dists.length > 1 ? { dist } : {}), runs: Number(r.runs) || r.runs, ms: r.ms, rounds: r.all, msPerRun: Number(r.runs) ? round(r.ms / Number(r.runs)) : null }));
    }
  }
  for (const dist of dists) {
    const mine = figures.filter((f) => f.dist === dist);
    if (mine.length < 2) continue;
    const slowest = mine.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.log(JSON.stringify({ name: 'lesson-check-browser-summary', ...(dists.length > 1 ? { dist } : {}), lessons: mine.length, medianMs: median(mine.map((f) => f.ms)), underOneSecond: mine.filter((f) => f.ms < 1000).length, slowestLesson: slowest.lesson, slowestMs: slowest.ms }));
  }
} finally {
  for (const h of harnesses) await h.close();
}
