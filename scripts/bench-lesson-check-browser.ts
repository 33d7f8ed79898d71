// How long "Check my code" takes per lesson in Chromium with its solution: the click on the
// lesson page until the button is idle again, timed in the page for the first and the second
// check alike — the full check: every seed × fault plan and the crash sweep, run in the worker
// in batches, shared with its helper workers (worker/check-pool.ts).
// A figure, not a test. Prints one JSON line per lesson (the median of ROUNDS checks after a
// warm-up check, each round in a fresh page — so each pays its helpers' start — and `againMs`,
// the median of a second check in the same page, helpers running) and a summary line; with
// several build folders (interleaved, so a busy machine weighs on each alike), one line per
// lesson and folder. cpuMs / againCpuMs: the CPU time the page's renderer process (page and
// workers) spent on the check, from Chromium's process list — steadier than wall time on a busy
// machine; load1, the machine's one-minute load average when the line was printed. The design capstones follow the lessons ("Run my design against the
// constraints" with the reference design, to the verdict line).
//   npm run bench:lessons:ui [-- lesson-or-capstone-id…]     builds dist/ first; ROUNDS=3 by default
//   npx vite build --outDir .dist-x && BROKERLAB_DIST=.dist-x npx tsx scripts/bench-lesson-check-browser.ts [id…]
//   BROKERLAB_DISTS=.dist-before,.dist-after npx tsx scripts/bench-lesson-check-browser.ts
//   READ_MS=3000 …     the first check after the page has been open 3 s (a learner reads first)
//   BROKERLAB_PORT=4320 …   the preview servers' ports (one per build folder, from this one up)

import { startHarness, type Harness } from '../test/browser/harness';
import type { Lesson } from '../src/content/types';
import { loadCourseFromDisk } from '../src/content/node-loader';
import { solutionFiles } from '../src/content/resolve';
import { loadCapstonesFromDisk } from '../src/content/capstones-node';
import type { Page } from 'playwright-core';
import { loadavg } from 'node:os';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
/** READ_MS: how long the learner reads the lesson page before the first click (0: clicks as soon as the button shows). */
const READ_MS = Number(process.env.READ_MS ?? 0);
const { course } = await loadCourseFromDisk();
const capstones = await loadCapstonesFromDisk();
const only = process.argv.slice(2);
const dists = (process.env.BROKERLAB_DISTS ?? process.env.BROKERLAB_DIST ?? 'dist').split(',');
const harnesses: Harness[] = [];
for (const dist of dists) {
  process.env.BROKERLAB_DIST = dist;
  harnesses.push(await startHarness());
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU milliseconds all renderer processes (the page and its workers) have used so far, from the browser's process list. */
async function rendererCpuMs(harness: Harness): Promise<number> {
  const session = await harness.context.browser()!.newBrowserCDPSession();
  try {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo' as never)) as { processInfo: { type: string; cpuTime: number }[] };
    return processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime * 1000, 0);
  } finally {
    await session.detach();
  }
}

/**
 * Milliseconds of one more check in the same page: from the click until the button (`testId`)
 * reads `idle` again, timed in the page by a watcher set up before the click (a fast check
 * may end before the bench could see it start).
 */
async function timeAgain(page: Page, testId: string, idle: string): Promise<number> {
  await page.evaluate(([id, idleText]) => {
    const w = window as unknown as { __bench?: { start: number; busy: boolean; end?: number } };
    const button = document.querySelector(`[data-testid=${id}]`)!;
    const state = { start: performance.now(), busy: false } as { start: number; busy: boolean; end?: number };
    w.__bench = state;
    const observer = new MutationObserver(() => {
      const text = button.textContent ?? '';
      if (!state.busy && text.trim() !== idleText) state.busy = true;
      else if (state.busy && text.trim() === idleText) {
        state.end = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(button, { childList: true, characterData: true, subtree: true });
  }, [testId, idle]);
  await page.getByTestId(testId).click();
  await page.waitForFunction(() => (window as unknown as { __bench?: { end?: number } }).__bench?.end !== undefined, undefined, { timeout: 120_000, polling: 50 });
  return page.evaluate(() => {
    const b = (window as unknown as { __bench: { start: number; end: number } }).__bench;
    return Math.round(b.end - b.start);
  });
}

/** Median milliseconds from the click to the solved badge, and the runs the verdict counted. */
interface Timing { ms: number; all: number[]; again: number[]; cpu: number[]; againCpu: number[]; runs: string }

async function timeLesson(harness: Harness, lesson: Lesson): Promise<Timing> {
  const page = await harness.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const files = solutionFiles(lesson);
  const times: number[] = [];
  const again: number[] = [];
  const cpu: number[] = [];
  const againCpu: number[] = [];
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
    if (READ_MS > 0) await page.waitForTimeout(READ_MS);
    const cpuBefore = await rendererCpuMs(harness);
    // Timed in the page, as the second check is (a click and a wait from here add their round trips).
    const firstMs = await timeAgain(page, 'check-code', 'Check my code');
    await page.getByTestId('solved-badge').waitFor({ timeout: 120_000 });
    if (i > 0) times.push(firstMs);
    const cpuAfter = await rendererCpuMs(harness);
    if (i > 0) cpu.push(Math.round(cpuAfter - cpuBefore));
    runs = /(\d+)\/\1 runs/.exec(await page.locator('[data-testid=goal] li').first().innerText())?.[1] ?? '?';
    const againMs = await timeAgain(page, 'check-code', 'Check my code');
    if (i > 0) again.push(againMs);
    if (i > 0) againCpu.push(Math.round((await rendererCpuMs(harness)) - cpuAfter));
  }
  await page.close();
  return { ms: median(times), all: times, again, cpu, againCpu, runs };
}

/** The same for a design capstone with its reference design: the click to the verdict line. */
async function timeCapstone(harness: Harness, id: string): Promise<Timing> {
  const page = await harness.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const times: number[] = [];
  const again: number[] = [];
  const cpu: number[] = [];
  const againCpu: number[] = [];
  let runs = '';
  for (let i = 0; i <= ROUNDS; i++) {
    await page.goto(`${harness.baseUrl}/#/capstones`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${harness.baseUrl}/#/capstones/${id}`);
    await page.reload();
    await page.getByTestId('run-design').waitFor();
    if (READ_MS > 0) await page.waitForTimeout(READ_MS);
    const cpuBefore = await rendererCpuMs(harness);
    const firstMs = await timeAgain(page, 'run-design', 'Run my design against the constraints');
    const verdict = page.locator('[data-testid=rubric-verdict]');
    await verdict.waitFor({ timeout: 120_000 });
    if (i > 0) times.push(firstMs);
    const cpuAfter = await rendererCpuMs(harness);
    if (i > 0) cpu.push(Math.round(cpuAfter - cpuBefore));
    if ((await verdict.getAttribute('data-solved')) !== 'true') throw new Error(`${id}: the reference design did not pass: ${await verdict.innerText()}`);
    runs = /all (\d+) runs/.exec(await verdict.innerText())?.[1] ?? '?';
    const againMs = await timeAgain(page, 'run-design', 'Run my design against the constraints');
    if (i > 0) again.push(againMs);
    if (i > 0) againCpu.push(Math.round((await rendererCpuMs(harness)) - cpuAfter));
  }
  await page.close();
  return { ms: median(times), all: times, again, cpu, againCpu, runs };
}

const round = (n: number) => Math.round(n * 10) / 10;
try {
  const figures: { lesson: string; dist: string; ms: number; againMs: number; cpuMs: number; againCpuMs: number }[] = [];
  const items: [string, (h: Harness) => ReturnType<typeof timeLesson>][] = [
    ...course.lessons.map((lesson) => [lesson.id, (h: Harness) => timeLesson(h, lesson)] as [string, (h: Harness) => ReturnType<typeof timeLesson>]),
    ...capstones.map((c) => [`capstone:${c.id}`, (h: Harness) => timeCapstone(h, c.id)] as [string, (h: Harness) => ReturnType<typeof timeLesson>]),
  ];
  for (const [id, time] of items) {
    if (only.length > 0 && !only.includes(id) && !only.includes(id.replace(/^capstone:/, ''))) continue;
    for (const [i, h] of harnesses.entries()) {
      const r = await time(h);
      const dist = dists[i]!;
      figures.push({ lesson: id, dist, ms: r.ms, againMs: median(r.again), cpuMs: median(r.cpu), againCpuMs: median(r.againCpu) });
      console.log(JSON.stringify({ name: 'lesson-check-browser', lesson: id, ...(dists.length > 1 ? { dist } : {}), ...(READ_MS > 0 ? { readMs: READ_MS } : {}), runs: Number(r.runs) || r.runs, load1: round(loadavg()[0]!), ms: r.ms, rounds: r.all, againMs: median(r.again), againRounds: r.again, cpuMs: median(r.cpu), againCpuMs: median(r.againCpu), msPerRun: Number(r.runs) ? round(r.ms / Number(r.runs)) : null }));
    }
  }
  for (const dist of dists) {
    const mine = figures.filter((f) => f.dist === dist);
    if (mine.length < 2) continue;
    const slowest = mine.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.log(JSON.stringify({ name: 'lesson-check-browser-summary', ...(dists.length > 1 ? { dist } : {}), load1: round(loadavg()[0]!), lessons: mine.length, medianMs: median(mine.map((f) => f.ms)), underOneSecond: mine.filter((f) => f.ms < 1000).length, againMedianMs: median(mine.map((f) => f.againMs)), againUnderOneSecond: mine.filter((f) => f.againMs < 1000).length, cpuMedianMs: median(mine.map((f) => f.cpuMs)), againCpuMedianMs: median(mine.map((f) => f.againCpuMs)), slowestLesson: slowest.lesson, slowestMs: slowest.ms }));
  }
} finally {
  for (const h of harnesses) await h.close();
}
