// How long "Check my code" takes per lesson in Chromium with its solution: the click on the
// lesson page to the solved badge (every seed × fault plan and the crash sweep, in the worker).
// Prints the median of `ROUNDS` checks per lesson after a warm-up check; a figure, not a test.
// Runs against a build folder, or several compared lesson by lesson (interleaved, so a busy
// machine weighs on each alike):
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

try {
  console.log(`${'lesson'.padEnd(34)} ${dists.map((d) => `${d.split('/').pop()} runs · ms`.padStart(30)).join(' ')}`);
  for (const lesson of course.lessons) {
    if (only.length > 0 && !only.includes(lesson.id)) continue;
    const cells: string[] = [];
    for (const h of harnesses) {
      const r = await timeLesson(h, lesson);
      cells.push(`${r.runs} · ${r.ms} (${r.all.join(' ')})`.padStart(30));
    }
    console.log(`${lesson.id.padEnd(34)} ${cells.join(' ')}`);
  }
} finally {
  for (const h of harnesses) await h.close();
}
