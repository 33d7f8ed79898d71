// A learner solves each lesson of "The brokers in depth" (the lessons on the Service Bus,
// RabbitMQ and Kafka models) in the browser: predicts, sees the starter refused by a named
// check, pastes the fix into the editor (the files the solution changes) and sees every check
// pass on every seed, fault plan and the crash sweep — the same verdict the unit suite proves.

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { predict } from './predict-helpers';

const { course } = await loadCourseFromDisk();
const lessons = course.lessons.filter((l) => l.part.id === 'brokers-in-depth');
let harness: Harness;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
  await harness.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.baseUrl.replace(/\/$/, '') });
  page = await harness.newPage();
  await page.setViewportSize({ width: 1440, height: 1000 });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
});

afterAll(async () => {
  await harness?.close();
});

it('the part has lessons', () => {
  expect(lessons.length).toBeGreaterThanOrEqual(2);
});

it.each(lessons.map((l) => [l.id, l] as const))('solves %s', async (id, lesson) => {
  await page.goto(`${harness.baseUrl}/#/lessons/${id}`);
  await page.getByRole('heading', { level: 1, name: lesson.meta.title }).waitFor();
  await predict(page, lesson, () => true);

  // The starter is refused by a named check of the lesson.
  await page.getByTestId('check-code').click();
  await page.locator('[data-testid=goal] li[data-status=fail]').first().waitFor({ timeout: 60_000 });
  const failed = await page.locator('[data-testid=goal] li[data-status=fail]').first().getAttribute('data-check');
  expect(lesson.meta.checks.map((c) => c.name)).toContain(failed);

  // The fix, pasted into each file the solution changes; then checked on every run.
  await page.getByTestId('tab-code').click();
  await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
  for (const [file, text] of Object.entries(lesson.solution)) {
    await page.locator(`[data-testid=editor-tab][data-file="${file}"]`).click();
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+V');
    await expect.poll(() => page.evaluate(([f, l]) => {
      const raw = localStorage.getItem(`brokerlab:drafts:v1:lesson:${l}`);
      return raw ? (JSON.parse(raw) as { files: Record<string, { text: string }> }).files[f!]?.text : undefined;
    }, [file, id]), { timeout: 5_000 }).toBe(text);
  }
  await page.getByTestId('editor-check').click();
  await page.locator('[data-testid=check-verdict][data-solved=true]').waitFor({ timeout: 60_000 });
  for (const c of lesson.meta.checks) await page.locator(`[data-testid=goal] li[data-check="${c.name}"][data-status=pass]`).waitFor();
  expect(await page.getByTestId('solved-badge').innerText()).toBe('✓ solved');
  await page.screenshot({ path: `test-results/lesson-solve-${id}.png` });
  expect(errors).toEqual([]);
}, 180_000);
