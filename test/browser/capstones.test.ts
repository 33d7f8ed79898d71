// A design capstone in Chromium, as a learner uses it: from the drill page to the capstones, the
// webhook-delivery capstone's prompt, constraints and its pre-filled calculator; the reference
// design run against the constraints in the worker (progress, then the rubric report: every line
// passing, figures for each fault plan); then the learner's own design — the classic retry
// without backoff, saved as their edit of the reference — refused on the rubric line it breaks,
// with the reason, and "Show this run" opening the run that shows it. The time from the click to
// the report is printed (a figure, not an assertion).

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, type Harness } from './harness';
import { axeViolations } from './axe';
import { loadCapstonesFromDisk } from '../../src/content/capstones-node';

const webhook = (await loadCapstonesFromDisk()).find((c) => c.id === 'webhook-delivery')!;
let harness: Harness;
let page: Page;
let errors: string[] = [];

beforeAll(async () => {
  ({ harness, page, errors } = await openPage({ viewport: { width: 1280, height: 720 }, consoleErrors: true }));
});

afterAll(async () => {
  await harness?.close();
});

async function runDesign(): Promise<number> {
  const started = Date.now();
  await page.getByTestId('run-design').click();
  await page.getByTestId('rubric-verdict').waitFor({ timeout: 60_000 });
  return Date.now() - started;
}

it('runs a capstone against its constraints and reports it against the rubric', async () => {
  await page.goto(`${harness.baseUrl}/#/drill`);
  await page.getByTestId('capstones-link').click();
  await expect.poll(() => page.getByTestId('capstone-link').count()).toBe(3);
  await page.getByRole('link', { name: webhook.spec.title }).click();
  await page.getByRole('heading', { level: 1, name: webhook.spec.title }).waitFor();
  expect(page.url()).toMatch(/#\/capstones\/webhook-delivery$/);
  expect(await page.getByTestId('constraints').innerText()).toContain('p99 ≤ 200 ms for the healthy receivers');
  // The calculator opens with this design's numbers: 100 webhooks/s × 15 ms = 1.5 in flight.
  expect(await page.getByTestId('sizing-rate').inputValue()).toBe('100');
  expect(await page.getByTestId('sizing-little').innerText()).toContain('= 1.5 in flight');
  // The page before any run (the diagram's rows of a finished run are the sequence view's own).
  expect(await axeViolations(page)).toEqual([]);

  // The reference design passes every line on every plan, with figures for each run.
  const referenceMs = await runDesign();
  expect(await page.getByTestId('rubric-verdict').getAttribute('data-solved')).toBe('true');
  expect(await page.getByTestId('rubric-verdict').innerText()).toBe('Passes every rubric line on all 3 runs.');
  for (const line of webhook.spec.rubric) expect(await page.locator(`[data-testid=rubric] li[data-check="${line.name}"]`).getAttribute('data-status')).toBe('pass');
  const rows = page.getByTestId('figures-row');
  expect(await rows.count()).toBe(3);
  const down = rows.and(page.locator('[data-plan="receiver-0 is down"]'));
  expect(await down.locator('[data-figure=throughput]').innerText()).toBe('75/s');
  expect(await down.locator('[data-figure=lost]').innerText()).toBe('0');

  // The learner's design: retries without backoff (their saved edit of the reference).
  const wrong = webhook.lesson.wrong!['retry-without-backoff']!;
  await page.evaluate(([id, filesJson, starterJson]) => {
    const edits = JSON.parse(filesJson!) as Record<string, string>;
    const starter = JSON.parse(starterJson!) as Record<string, string>;
    const drafts: Record<string, { text: string; base: string; savedAtMs: number }> = {};
    for (const [f, text] of Object.entries(edits)) drafts[f] = { text, base: starter[f] ?? '', savedAtMs: Date.now() };
    localStorage.setItem(`brokerlab:drafts:v1:lesson:${id}`, JSON.stringify({ version: 1, scope: `lesson:${id}`, files: drafts, updatedAtMs: Date.now() }));
  }, [webhook.lesson.id, JSON.stringify(wrong.files), JSON.stringify(webhook.lesson.starter)]);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: webhook.spec.title }).waitFor();
  const wrongMs = await runDesign();
  expect(await page.getByTestId('rubric-verdict').getAttribute('data-solved')).toBe('false');
  expect(await page.getByTestId('rubric-verdict').innerText()).toContain('peak-load');
  const line = page.locator(`[data-testid=rubric] li[data-check="${wrong.fails}"]`);
  expect(await line.getAttribute('data-status')).toBe('fail');
  expect(await line.getByTestId('rubric-why').innerText()).toMatch(/^Dispatcher \(calling receiver-0, failed calls\) made \d+ calls within 1,000 ms/);
  await line.getByTestId('show-failing-run').click();
  await expect.poll(() => page.getByTestId('run-label').innerText()).toContain('Your code · receiver-0 is down · seed 1');
  expect(errors).toEqual([]);
  console.log(`capstone webhook-delivery in Chromium, click → report: reference ${referenceMs} ms, retry-without-backoff ${wrongMs} ms`);
}, 180_000);

it('a long capstone run shows its progress and can be cancelled', async () => {
  await page.goto(`${harness.baseUrl}/#/capstones/order-pipeline`);
  await page.getByTestId('run-design').waitFor();
  await page.getByTestId('run-design').click();
  await expect.poll(() => page.getByTestId('run-design').innerText()).toMatch(/^Running… \d\/4 runs$/);
  await page.getByTestId('cancel-design').click();
  // It stops after the run in flight (a run of 500 orders is not cut in the middle).
  await expect.poll(() => page.getByTestId('run-design').innerText(), { timeout: 30_000 }).toBe('Run my design against the constraints');
  expect(await page.getByTestId('rubric-verdict').count()).toBe(0);
  expect(errors).toEqual([]);
}, 60_000);
