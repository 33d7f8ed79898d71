// A new learner solves the inbox lesson: reads it, predicts, runs a demo and sees the answer,
// runs their (starter) code and sees a named check fail with an explanation, opens the code,
// applies the fix, runs again and sees every check pass on every seed and fault plan — and
// after a reload finds the lesson marked solved in the course overview.

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { loadCourseFromDisk } from '../../src/content/node-loader';

const { course } = await loadCourseFromDisk();
const lesson = course.lessons.find((l) => l.id === 'inbox')!;
let harness: Harness;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
  page = await harness.newPage();
  await page.setViewportSize({ width: 1440, height: 1000 });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
});

afterAll(async () => {
  await harness?.close();
});

it('solves the inbox lesson like a new user', async () => {
  await page.goto(`${harness.baseUrl}/#/lessons`);
  await page.getByRole('link', { name: lesson.meta.title }).click();
  await page.getByRole('heading', { level: 1, name: lesson.meta.title }).waitFor();

  // Predict before observing: the answer stays hidden until a run.
  const predict = page.getByTestId('predict');
  await predict.getByRole('radio').nth(2).check();
  await page.getByTestId('predict-wait').waitFor();
  expect(await page.getByTestId('predict-answer').count()).toBe(0);

  // Run the first demo: the answer is revealed.
  await page.getByTestId('demo').first().click();
  await page.getByTestId('predict-answer').waitFor();
  expect(await page.getByTestId('predict-answer').textContent()).toContain('You predicted it.');

  // The starter fails a named check, with an explanation.
  await page.getByTestId('check-code').click();
  const duplicate = page.locator('[data-testid=goal] li[data-check="no-duplicate-effect"]');
  await duplicate.and(page.locator('[data-status=fail]')).waitFor();
  expect(await duplicate.textContent()).toMatch(/stock-reserved/);
  await page.screenshot({ path: 'test-results/lesson-solve-failing.png' });

  // Open the code and apply the fix.
  await page.getByTestId('tab-code').click();
  const editor = page.getByTestId('code-editor');
  expect(await editor.getAttribute('aria-label')).toContain('Inventory/ReserveStock.ts');
  await editor.fill(lesson.solution['Inventory/ReserveStock.ts']!);
  await page.getByTestId('check-code').click();
  for (const c of lesson.meta.checks) await page.locator(`[data-testid=goal] li[data-check="${c.name}"][data-status=pass]`).waitFor();
  await page.getByTestId('solved-badge').waitFor();
  await page.screenshot({ path: 'test-results/lesson-solve-solved.png' });

  // After a reload the lesson is still solved, and so is the learner's code.
  await page.reload();
  await page.goto(`${harness.baseUrl}/#/lessons`);
  await page.locator('[data-testid=course] li[data-lesson="inbox"][data-solved="true"]').waitFor();
  await page.goto(`${harness.baseUrl}/#/lessons/inbox`);
  await page.getByTestId('tab-code').click();
  expect(await page.getByTestId('code-editor').inputValue()).toBe(lesson.solution['Inventory/ReserveStock.ts']);
  expect(errors).toEqual([]);
});
