// How long "Check my code" takes per lesson in Chromium with its solution: the click on the
// lesson page to the solved badge (every seed × fault plan and the crash sweep, in the worker).
// Prints the median of `ROUNDS` checks per lesson after a warm-up check; a figure, not a test.
// Runs against a build folder:
//   npx vite build --outDir .dist-x && BROKERLAB_DIST=.dist-x npx tsx scripts/bench-lesson-check-browser.ts [lesson-id…]

import { startHarness } from '../test/browser/harness';
import { loadCourseFromDisk } from '../src/content/node-loader';
import { solutionFiles } from '../src/content/resolve';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const { course } = await loadCourseFromDisk();
const only = process.argv.slice(2);
const harness = await startHarness();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  const page = await harness.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  console.log(`${'lesson'.padEnd(34)} ${'runs'.padStart(5)} ${'ms (median)'.padStart(12)}  all`);
  for (const lesson of course.lessons) {
    if (only.length > 0 && !only.includes(lesson.id)) continue;
    const files = solutionFiles(lesson);
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
    const times: number[] = [];
    let runs = '';
    for (let i = 0; i <= ROUNDS; i++) {
      // A fresh page each round, so the solved badge of the last check is not mistaken for this one.
      await page.goto(`${harness.baseUrl}/#/lessons/${lesson.id}`);
      await page.reload();
      await page.getByTestId('check-code').waitFor();
      const started = Date.now();
      await page.getByTestId('check-code').click();
      await page.getByTestId('solved-badge').waitFor({ timeout: 120_000 });
      await page.locator('[data-testid=goal] li[data-check="crash-sweep"][data-status=pass]').waitFor({ timeout: 120_000 });
      if (i > 0) times.push(Date.now() - started);
      runs = /(\d+)\/\1 runs/.exec(await page.locator('[data-testid=goal] li').first().innerText())?.[1] ?? '?';
    }
    console.log(`${lesson.id.padEnd(34)} ${runs.padStart(5)} ${String(median(times)).padStart(12)}  ${times.join(' ')}`);
  }
} finally {
  await harness.close();
}
