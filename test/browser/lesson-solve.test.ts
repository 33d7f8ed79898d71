// A new learner solves the inbox lesson: reads it (unspoiled: the first demo at step 0, checks
// hidden), predicts, locks in and watches the demo play to its key moment and the answers show,
// checks their (starter) code and sees it refused with a named check and an explanation, opens
// the handler editor (monaco, on the file the challenge is about), pastes the fix, runs it once,
// checks again from the editor and sees every check pass on every seed and fault plan — and
// after a reload finds the lesson marked solved and their code restored. The code is saved once,
// as the editor's draft of the lesson; the progress entry holds no copy. A second learner takes
// the solution on the outbox lesson: offered only after a first check, asked once, "Solve" loads
// it with undo, and the lesson is "solved after viewing the solution".

import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { solutionFiles } from '../../src/content/resolve';
import { expectUnspoiled, predict } from './predict-helpers';

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

  // Predict before observing: nothing of the demo's outcome shows; the solution is not offered yet.
  await expectUnspoiled(page);
  expect(await page.getByTestId('show-solution').count()).toBe(0);
  await page.getByTestId('solution-later').waitFor();
  await predict(page, lesson, () => true, false);
  const answers = page.getByTestId('predict-answer');
  expect(await answers.nth(0).innerText()).toContain('You predicted it.');
  expect(await answers.nth(1).innerText()).toContain('Right: 7.');
  expect(await page.getByTestId('key-moment').innerText()).toContain('the duplicate');
  await page.screenshot({ path: 'test-results/lesson-solve-moment.png' });

  // The starter is refused: a named check fails, with an explanation.
  await page.getByTestId('check-code').click();
  const duplicate = page.locator('[data-testid=goal] li[data-check="no-duplicate-effect"]');
  await duplicate.and(page.locator('[data-status=fail]')).waitFor();
  expect(await duplicate.textContent()).toMatch(/Inventory wrote stock twice/);
  await page.screenshot({ path: 'test-results/lesson-solve-failing.png' });

  // Open the editor: monaco loads on the first open, on the file the challenge is about.
  const FILE = 'Inventory/ReserveStock.ts';
  const fix = lesson.solution[FILE]!;
  await page.getByTestId('tab-code').click();
  await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
  expect(await page.locator('[data-testid=editor-tab][aria-selected=true]').getAttribute('data-file')).toBe(FILE);
  expect(await page.getByTestId('view-solution').count()).toBe(1);
  expect(await page.getByTestId('check-verdict').getAttribute('data-solved')).toBe('false');
  expect(await page.getByTestId('check-verdict').innerText()).toMatch(/Not yet: .*no-duplicate-effect/);

  // Paste the fix (typing would let the editor auto-indent and auto-close brackets). It is saved
  // as typed, once: in the lesson's drafts, not in the progress entry.
  await page.evaluate((t) => navigator.clipboard.writeText(t), fix);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await expect.poll(() => savedDraft(FILE), { timeout: 5_000 }).toBe(fix);
  expect(await page.getByTestId('tab-code').textContent()).toContain('•');
  await page.screenshot({ path: 'test-results/lesson-solve-editor.png' });

  // One run from the editor (the secondary action): same seed and fault plan, with the difference named.
  await page.getByTestId('run-mine').click();
  await expect.poll(() => page.getByTestId('editor-message').innerText(), { timeout: 20_000 }).toMatch(/^Ran with your code/);
  expect(await page.getByTestId('run-label').textContent()).toContain('Your code (from the editor)');

  // The primary action next to the editor: check on every seed and fault plan — solved.
  await page.getByTestId('editor-check').click();
  await page.locator('[data-testid=check-verdict][data-solved=true]').waitFor({ timeout: 30_000 });
  for (const c of lesson.meta.checks) await page.locator(`[data-testid=goal] li[data-check="${c.name}"][data-status=pass]`).waitFor();
  await page.getByTestId('solved-badge').waitFor();
  expect(await page.getByTestId('solved-badge').innerText()).toBe('✓ solved');
  await page.screenshot({ path: 'test-results/lesson-solve-solved.png' });
  const right = lesson.meta.predict.map((p) => p.answer);
  expect(await progressEntry()).toEqual({ answers: right, committed: true, attempts: 2, solved: true });

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

it('offers the solution only after a first check, asks once, loads it with undo, and records it', async () => {
  const outbox = course.lessons.find((l) => l.id === 'outbox')!;
  await page.goto(`${harness.baseUrl}/#/lessons/outbox`);
  await page.getByRole('heading', { level: 1, name: outbox.meta.title }).waitFor();
  await page.getByTestId('tab-code').click();
  await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('view-solution').count()).toBe(0);
  expect(await page.getByTestId('solve').count()).toBe(0);

  // A first attempt with the starter: refused, and now the solution is on offer.
  await page.getByTestId('editor-check').click();
  await page.locator('[data-testid=check-verdict][data-solved=false]').waitFor({ timeout: 30_000 });
  await page.getByTestId('solve').click();
  await page.getByTestId('confirm-solution').waitFor();
  await page.screenshot({ path: 'test-results/lesson-solution-confirm.png' });
  await page.getByTestId('confirm-solution-yes').click();
  const files = Object.keys(outbox.solution);
  await expect.poll(() => savedDraft(files[0]!, 'outbox')).toBe(outbox.solution[files[0]!]);
  expect((await progressEntry('outbox') as { solutionViewed?: boolean }).solutionViewed).toBe(true);

  // Undo brings the learner's code back; Solve again does not ask again.
  await page.getByTestId('undo-reset').click();
  await expect.poll(() => savedDraft(files[0]!, 'outbox')).toBe(outbox.starter[files[0]!]);
  await page.getByTestId('solve').click();
  expect(await page.getByTestId('confirm-solution').count()).toBe(0);
  for (const f of files) await expect.poll(() => savedDraft(f, 'outbox')).toBe(solutionFiles(outbox)[f]);

  await page.getByTestId('editor-check').click();
  await page.locator('[data-testid=check-verdict][data-solved=true]').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('solved-badge').innerText()).toBe('✓ solved after viewing the solution');
  expect(await progressEntry('outbox')).toMatchObject({ attempts: 2, solutionViewed: true, solved: true, assisted: true });
  expect(errors).toEqual([]);
});

async function savedDraft(file: string, id = 'inbox'): Promise<string | undefined> {
  return page.evaluate(([f, l]) => {
    const raw = localStorage.getItem(`brokerlab:drafts:v1:lesson:${l}`);
    return raw ? (JSON.parse(raw) as { files: Record<string, { text: string }> }).files[f!]?.text : undefined;
  }, [file, id]);
}

async function progressEntry(id = 'inbox'): Promise<unknown> {
  return page.evaluate((l) => (JSON.parse(localStorage.getItem('brokerlab.progress.v1') ?? '{}') as { lessons?: Record<string, unknown> }).lessons?.[l], id);
}
