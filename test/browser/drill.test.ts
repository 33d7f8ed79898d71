// The interview drill in Chromium, as a learner uses it: a drill of 5 questions against a visible
// clock that counts down (and shows the model answer itself when time is up), rated again / hard /
// good / easy by button and by key, with no serious accessibility issue (axe); the schedule survives a reload (the question rated "again"
// is the first of the next drill once due), and travels in the course's progress file: exported,
// the browser's storage wiped, imported, the history and the schedule are back.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { axeViolations } from './axe';

let harness: Harness;
let page: Page;

beforeAll(async () => {
  harness = await startHarness();
  page = await harness.newPage();
  await page.clock.install({ time: new Date('2026-03-01T09:00:00Z') });
  await page.goto(`${harness.baseUrl}#/drill`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

const timer = () => page.getByTestId('drill-timer').innerText();
const questionId = () => page.getByTestId('drill-question').getAttribute('data-question');

it('runs a timed drill of 5 questions, rated, and remembers it across a reload and an export/import', async () => {
  await expect.poll(() => page.getByTestId('drill-bank').innerText()).toMatch(/^\d+ questions from \d+ lessons · 0 due now · \d+ never asked$/);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByTestId('drill-count').selectOption('5');
  await page.getByTestId('drill-seconds').selectOption('60');
  await page.getByTestId('drill-start').click();

  // Question 1: the clock starts at 1:00 and runs down; answered in our own words, then rated "again".
  expect(await timer()).toBe('1:00');
  await page.clock.runFor(12_000);
  expect(await timer()).toBe('0:48');
  const first = await questionId();
  await page.getByTestId('drill-answer').fill('Decoupling in time and load.');
  await page.getByTestId('drill-reveal').click();
  await expect.poll(() => page.getByTestId('drill-model').innerText()).toMatch(/the model answer/i);
  expect(await page.getByTestId('drill-rate-again').innerText()).toMatch(/back in \d+ min/);
  expect(await page.getByTestId('drill-rate-easy').innerText()).toMatch(/back in \d+ days?/);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByTestId('drill-rate-again').click();

  // Question 2: nobody answers; when the minute is up the model answer shows by itself.
  expect(await questionId()).not.toBe(first);
  await page.clock.runFor(61_000);
  await expect.poll(() => page.getByTestId('drill-model').innerText()).toMatch(/time is up/i);
  expect(await timer()).toBe('time is up');
  await page.getByTestId('drill-rate-hard').click();

  // Questions 3–5 rated with the keys 3, 4, 3.
  for (const key of ['3', '4', '3']) {
    await page.getByTestId('drill-reveal').click();
    await page.keyboard.press(key);
  }
  await expect.poll(() => page.getByTestId('drill-summary').innerText()).toMatch(/drill done: 3 of 5 recalled/i);
  expect(await axeViolations(page)).toEqual([]);
  const answered = await page.getByTestId('drill-scores').locator('tbody td:nth-child(3)').allInnerTexts();
  expect(answered.reduce((n, t) => n + Number(t), 0)).toBe(5);

  // A reload keeps the history; ten minutes later the question rated "again" is due and comes first.
  await page.clock.runFor(10 * 60_000);
  await page.reload();
  await expect.poll(() => page.getByTestId('drill-history').locator('li').count()).toBe(1);
  await expect.poll(() => page.getByTestId('drill-bank').innerText()).toMatch(/[1-9]\d* due now/);
  await page.getByTestId('drill-count').selectOption('5');
  await page.getByTestId('drill-start').click();
  expect(await questionId()).toBe(first);

  // The progress file carries the drill: exported, storage wiped, imported — history and schedule are back.
  await page.goto(`${harness.baseUrl}#/lessons`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-progress').click()]);
  const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { drill?: { cards: Record<string, unknown>; sessions: unknown[] } };
  expect(Object.keys(file.drill?.cards ?? {})).toHaveLength(5);
  expect(file.drill?.sessions).toHaveLength(1);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByTestId('import-progress').setInputFiles({ name: 'brokerlab-progress.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect.poll(() => page.getByRole('status').innerText()).toMatch(/Imported progress/);
  await page.goto(`${harness.baseUrl}#/drill`);
  await expect.poll(() => page.getByTestId('drill-history').locator('li').count()).toBe(1);
  await page.getByTestId('drill-count').selectOption('5');
  await page.getByTestId('drill-start').click();
  expect(await questionId()).toBe(first);

  // A damaged drill in a progress file is refused with its path, and nothing is imported.
  await page.goto(`${harness.baseUrl}#/lessons`);
  const broken = { ...file, drill: { ...file.drill, sessions: [{ startedAt: 'yesterday', secondsPerQuestion: 60, answers: [] }] } };
  await page.getByTestId('import-progress').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  await expect.poll(() => page.getByRole('status').innerText()).toMatch(/Could not import: drill sessions\[0\]\.startedAt: expected a date/);
}, 120_000);

it('works the sizing arithmetic beside the drill, and says why a value makes no sense', async () => {
  await page.goto(`${harness.baseUrl}#/drill`);
  await expect.poll(() => page.getByTestId('sizing-little').innerText()).toMatch(/10 in flight .*15 consumers/);
  expect(await page.getByTestId('sizing-partitions').innerText()).toMatch(/15 partitions/);
  expect(await page.getByTestId('sizing-storage').innerText()).toMatch(/8\.4 TiB/);
  expect(await page.getByTestId('sizing-lag').innerText()).toMatch(/12 s behind; drains in 60 s/);
  await page.getByTestId('sizing-ms').fill('4');
  await expect.poll(() => page.getByTestId('sizing-little').innerText()).toMatch(/20 in flight .*29 consumers/);
  await page.getByTestId('sizing-ms').fill('0');
  await expect.poll(() => page.getByTestId('sizing-little').innerText()).toMatch(/time per message must be a number > 0/);
}, 60_000);
