// Every lesson page renders in real Chromium with no console errors: the course overview,
// then each lesson — opened unspoiled (the first demo at step 0, demos, logs and checks held
// back), predicted (one choice wrong on purpose, numbers right), the demo played to its key
// moment with the answers revealed (the wrong one refused with a message), the goal card, and
// the Code tab (the handler editor with one tab per lesson file, opened on the file to fix),
// Metrics and Logs. Screenshots go to test-results/ for a human to look at.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, type Harness } from './harness';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { editableFiles, lessonGuarantee } from '../../src/content/resolve';
import { expectUnspoiled, predict } from './predict-helpers';

const { course } = await loadCourseFromDisk();
let harness: Harness;
let page: Page;
let errors: string[] = [];

beforeAll(async () => {
  ({ harness, page, errors } = await openPage({ viewport: { width: 1440, height: 1000 }, consoleErrors: true }));
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

  it.each(course.lessons.map((l) => [l.id] as const))('lesson %s opens unspoiled, the prediction gates its first demo, and it renders with no console errors', async (id) => {
    await page.goto(`${harness.baseUrl}/#/lessons/${id}`);
    await page.locator(`[data-testid=lesson][data-lesson="${id}"]`).waitFor();
    await page.getByTestId('goal').waitFor();
    await page.locator('[data-testid=run-label]').filter({ hasText: 'Demo:' }).waitFor();
    await page.locator('[data-testid=run-label]:not(:has-text("running"))').waitFor();
    await expectUnspoiled(page);
    await page.screenshot({ path: `test-results/lesson-${id}.png` });

    const lesson = course.lessons.find((l) => l.id === id)!;
    // The guarantee, in the goal card between the checks and the Check button: the faults the lesson covers.
    const guarantee = lessonGuarantee(lesson);
    const shown = page.locator('[data-testid=goal] [data-testid=guarantee]');
    if (guarantee.faults.length > 0 && guarantee.maxFaults > 0) {
      const text = await shown.innerText();
      expect(text).toMatch(new RegExp(`^Guarantee: .* up to ${guarantee.maxFaults} more faults? of the types? `));
      for (const type of guarantee.faults) expect(text).toContain(type);
      const [checks, box, button] = await Promise.all([page.locator('[data-testid=goal] .checks').boundingBox(), shown.boundingBox(), page.getByTestId('check-code').boundingBox()]);
      expect(box!.y).toBeGreaterThanOrEqual(checks!.y + checks!.height - 1);
      expect(box!.y + box!.height).toBeLessThanOrEqual(button!.y + 1);
    } else {
      expect(await shown.count()).toBe(0);
    }
    const firstChoice = lesson.meta.predict.findIndex((p) => p.kind === 'choice');
    await predict(page, lesson, (i) => i !== firstChoice);
    const answers = page.getByTestId('predict-answer');
    for (const [i, p] of lesson.meta.predict.entries()) {
      expect(await answers.nth(i).getAttribute('data-right')).toBe(String(i !== firstChoice));
      if (i === firstChoice) expect(await answers.nth(i).innerText()).toMatch(/^Not quite\./);
      if (p.kind === 'number') expect(await answers.nth(i).innerText()).toContain(`Right: ${p.answer}.`);
    }
    expect(await page.locator('[data-testid=checks] [data-testid=check]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `test-results/lesson-${id}-moment.png` });

    await page.getByTestId('tab-code').click();
    await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('editor-tab').count()).toBe(editableFiles(lesson).length);
    const toFix = Object.keys(lesson.solution)[0];
    if (toFix) expect(Object.keys(lesson.solution)).toContain(await page.locator('[data-testid=editor-tab][aria-selected=true]').getAttribute('data-file'));
    await page.locator('.monaco-editor .view-lines').filter({ hasText: 'defineHandler' }).waitFor();
    await page.screenshot({ path: `test-results/lesson-${id}-code.png` });
    await page.getByTestId('tab-metrics').click();
    await page.getByTestId('metrics').waitFor();
    await page.getByTestId('tab-logs').click();
    await page.getByTestId('logs').waitFor();
    if (id === 'observability') {
      // The lesson's claim, in the page: with the solution, order-4's correlation id finds its dead letter.
      await page.getByTestId('demo').nth(1).click();
      await page.locator('[data-testid=run-label]').filter({ hasText: 'Solution' }).waitFor();
      await page.locator('[data-testid=run-label]:not(:has-text("running"))').waitFor();
      await page.getByTestId('tab-logs').click();
      await page.getByTestId('log-filter').fill('c-4');
      await expect.poll(() => page.getByTestId('logs').innerText()).toMatch(/dead-letter/i);
      expect(await page.getByTestId('logs').innerText()).toMatch(/courier rejected order-4/);
      await page.screenshot({ path: `test-results/lesson-${id}-logs.png` });
    }
    await page.getByTestId('tab-diagram').click();
    expect(errors).toEqual([]);
  });
});
