// A new learner solves the inbox lesson: reads it, predicts, runs a demo and sees the answer,
// runs their (starter) code and sees a named check fail with an explanation, opens the handler
// editor (monaco, on the file the challenge is about), pastes the fix, runs it once from the
// editor, checks again and sees every check pass on every seed and fault plan — and after a
// reload finds the lesson marked solved in the course overview and their code restored. The
// code is saved once, as the editor's draft of the lesson; the progress entry holds no copy.

import { mkdirSync } from 'node:fs';
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
  await harness.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.baseUrl.replace(/\/$/, '') });
  page = await harness.newPage();
  mkdirSync('test-results', { recursive: true });
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

  // Open the editor: monaco loads on the first open, on the file the challenge is about.
  const FILE = 'Inventory/ReserveStock.ts';
  const fix = lesson.solution[FILE]!;
  await page.getByTestId('tab-code').click();
  await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
  expect(await page.locator('[data-testid=editor-tab][aria-selected=true]').getAttribute('data-file')).toBe(FILE);
  expect(await page.getByTestId('view-solution').count()).toBe(1);

  // Paste the fix (typing would let the editor auto-indent and auto-close brackets). It is saved
  // as typed, once: in the lesson's drafts, not in the progress entry.
  await page.evaluate((t) => navigator.clipboard.writeText(t), fix);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await expect.poll(() => savedDraft(FILE), { timeout: 5_000 }).toBe(fix);
  expect(await page.getByTestId('tab-code').textContent()).toContain('•');
  await page.screenshot({ path: 'test-results/lesson-solve-editor.png' });

  // One run from the editor: same seed and fault plan, with the difference named.
  await page.getByTestId('run-mine').click();
  await expect.poll(() => page.getByTestId('editor-message').innerText(), { timeout: 20_000 }).toMatch(/^Ran with your code/);
  expect(await page.getByTestId('run-label').textContent()).toContain('Your code (from the editor)');

  // Check on every seed and fault plan: every check passes, the lesson is solved.
  await page.getByTestId('check-code').click();
  for (const c of lesson.meta.checks) await page.locator(`[data-testid=goal] li[data-check="${c.name}"][data-status=pass]`).waitFor();
  await page.getByTestId('solved-badge').waitFor();
  await page.screenshot({ path: 'test-results/lesson-solve-solved.png' });
  expect(await progressEntry()).toEqual({ predicted: 2, solved: true });

  // After a reload the lesson is still solved, and the learner's code is back in the editor.
  await page.reload();
  await page.goto(`${harness.baseUrl}/#/lessons`);
  await page.locator('[data-testid=course] li[data-lesson="inbox"][data-solved="true"]').waitFor();
  await page.goto(`${harness.baseUrl}/#/lessons/inbox`);
  await page.getByTestId('solved-badge').waitFor();
  await page.getByTestId('tab-code').click();
  await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('restored-note').innerText()).toContain(FILE);
  await expect.poll(() => page.locator('.monaco-editor .view-lines').innerText(), { timeout: 10_000 }).toMatch(/inbox\.record/);
  expect(await savedDraft(FILE)).toBe(fix);
  expect(errors).toEqual([]);
});

async function savedDraft(file: string): Promise<string | undefined> {
  return page.evaluate((f) => {
    const raw = localStorage.getItem('brokerlab:drafts:v1:lesson:inbox');
    return raw ? (JSON.parse(raw) as { files: Record<string, { text: string }> }).files[f]?.text : undefined;
  }, file);
}

async function progressEntry(): Promise<unknown> {
  return page.evaluate(() => (JSON.parse(localStorage.getItem('brokerlab.progress.v1') ?? '{}') as { lessons?: Record<string, unknown> }).lessons?.inbox);
}
