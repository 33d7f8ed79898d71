// Every lesson page renders in real Chromium with no console errors: the course overview,
// then each lesson — prose, the first demo's run in the diagram, the goal card. Screenshots of
// the overview and of each lesson go to test-results/ for a human to look at.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { loadCourseFromDisk } from '../../src/content/node-loader';

const { course } = await loadCourseFromDisk();
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

describe('course pages', () => {
  it('the overview lists every lesson', async () => {
    await page.goto(`${harness.baseUrl}/#/lessons`);
    await page.getByTestId('course').waitFor();
    expect(await page.locator('[data-testid=course] li[data-lesson]').count()).toBe(course.lessons.length);
    await page.screenshot({ path: 'test-results/course-overview.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it.each(course.lessons.map((l) => [l.id] as const))('lesson %s renders with its first demo and no console errors', async (id) => {
    await page.goto(`${harness.baseUrl}/#/lessons/${id}`);
    await page.locator(`[data-testid=lesson][data-lesson="${id}"]`).waitFor();
    await page.getByTestId('goal').waitFor();
    await page.locator('[data-testid=run-label]').filter({ hasText: 'Demo:' }).waitFor();
    await page.locator('[data-testid=run-label]:not(:has-text("running"))').waitFor();
    await page.screenshot({ path: `test-results/lesson-${id}.png` });
    expect(errors).toEqual([]);
  });
});
