// "Check my code" on the lesson page is the lesson verdict — every seed × fault plan and the
// crash sweep, in the worker — for the foundations, reliability and broker lessons: a wrong
// answer from the lesson's wrong/ folder is refused with the check its expect.json names and an
// explanation, the solution is marked solved, and the page answers clicks while it checks. The
// time from the click to the verdict is printed per lesson (a figure, not an assertion).

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { solutionFiles, variantFiles } from '../../src/content/resolve';
import type { Lesson } from '../../src/content/types';

const { course } = await loadCourseFromDisk();
const SLICE = ['why-async', 'events-commands-queries', 'retries-and-backoff', 'dead-letters-and-redrive', 'circuit-breakers-and-concurrency', 'choosing-a-broker'];
const lessons = SLICE.map((id) => course.lessons.find((l) => l.id === id)!);
let harness: Harness;
let page: Page;
const errors: string[] = [];
const figures: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
  page = await harness.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
});

afterAll(async () => {
  if (figures.length) console.log(`"Check my code" in Chromium, click → verdict:\n${figures.join('\n')}`);
  await harness?.close();
});

/** Opens a lesson whose predictions were locked in before, with `files` as the learner's saved edits. */
async function openWith(lesson: Lesson, files: Record<string, string>): Promise<void> {
  await page.goto(`${harness.baseUrl}/#/lessons`);
  await page.evaluate(([id, filesJson, starterJson, answersJson]) => {
    const edits = JSON.parse(filesJson!) as Record<string, string>;
    const starter = JSON.parse(starterJson!) as Record<string, string>;
    const drafts: Record<string, { text: string; base: string; savedAtMs: number }> = {};
    for (const [f, text] of Object.entries(edits)) if (text !== starter[f]) drafts[f] = { text, base: starter[f] ?? '', savedAtMs: Date.now() };
    localStorage.setItem(`brokerlab:drafts:v1:lesson:${id}`, JSON.stringify({ version: 1, scope: `lesson:${id}`, files: drafts, updatedAtMs: Date.now() }));
    const progress = JSON.parse(localStorage.getItem('brokerlab.progress.v1') ?? '{"format":"brokerlab-progress","version":1,"lessons":{}}') as { lessons: Record<string, unknown> };
    progress.lessons[id!] = { answers: JSON.parse(answersJson!), committed: true };
    localStorage.setItem('brokerlab.progress.v1', JSON.stringify(progress));
  }, [lesson.id, JSON.stringify(files), JSON.stringify(lesson.starter), JSON.stringify(lesson.meta.predict.map((p) => p.answer))]);
  await page.goto(`${harness.baseUrl}/#/lessons/${lesson.id}`);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: lesson.meta.title }).waitFor();
  await page.getByTestId('check-code').waitFor();
}

/** Clicks "Check my code", waits for `done`, and returns the milliseconds in between. */
async function timeCheck(done: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await page.getByTestId('check-code').click();
  await done();
  return Date.now() - started;
}

for (const lesson of lessons) {
  it(`${lesson.id}: a wrong answer is refused with its named check, the solution is solved`, async () => {
    const [name, wrong] = Object.entries(lesson.wrong ?? {})[0]!;
    await openWith(lesson, variantFiles(lesson, wrong.files));
    const line = page.locator(`[data-testid=goal] li[data-check="${wrong.fails}"]`);
    const refusedMs = await timeCheck(() => line.and(page.locator('[data-status=fail]')).waitFor({ timeout: 60_000 }));
    expect((await line.locator('.why').innerText()).length).toBeGreaterThan(20);
    expect(await page.getByTestId('solved-badge').count()).toBe(0);
    // "Show this run" loads the failing run — on the plan's own scenario variant where it has one.
    const show = line.getByTestId('show-failing-run');
    const plan = /Show this run \((.*), seed (\d+)\)/.exec(await show.innerText())!;
    await show.click();
    await expect.poll(() => page.getByTestId('run-label').innerText()).toContain(`Your code · ${plan[1]} · seed ${plan[2]}`);
    // …and opens it at the event that shows the failure: the cursor stops there (not at the end),
    // or the evidence is drawn highlighted (evidence at the very end, or rows the diagram draws).
    const atEvidence = async () => {
      const [at, of] = (await page.getByTestId('position').innerText()).split('/').map((x) => Number(x.trim()));
      const highlighted = await page.locator('[data-testid=sequence-diagram] g.row.highlighted').count();
      return highlighted > 0 || (Number.isFinite(of) && at! < of!);
    };
    await expect.poll(atEvidence, { timeout: 30_000 }).toBe(true);
    const variant = lesson.meta.faultPlans.find((p) => p.name === plan[1])?.scenario;
    if (variant) for (const svc of lesson.scenarios[variant]!.services) await page.locator('[data-testid=topology]').getByText(svc.name, { exact: true }).first().waitFor({ timeout: 30_000 });

    await openWith(lesson, solutionFiles(lesson));
    const solvedMs = await timeCheck(async () => {
      // The page stays live while the worker checks: Cancel shows and the progress counts up.
      await page.getByTestId('cancel-check').waitFor({ timeout: 5_000 }).catch(() => undefined);
      await page.getByTestId('solved-badge').waitFor({ timeout: 60_000 });
    });
    for (const c of lesson.meta.checks) expect(await page.locator(`[data-testid=goal] li[data-check="${c.name}"]`).getAttribute('data-status')).toBe('pass');
    expect(await page.locator('[data-testid=goal] li[data-check="crash-sweep"]').getAttribute('data-status')).toBe('pass');
    const runs = /(\d+)\/\1 runs/.exec(await page.locator('[data-testid=goal] li[data-check="crash-sweep"]').innerText());
    figures.push(`  ${lesson.id.padEnd(34)} wrong/${name} refused (${wrong.fails}) in ${refusedMs} ms; solution solved in ${solvedMs} ms${runs ? ` (crash sweep ${runs[1]} runs)` : ''}`);
    expect(errors).toEqual([]);
  }, 120_000);
}
