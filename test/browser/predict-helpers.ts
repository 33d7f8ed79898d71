// Answering a lesson's predictions as a learner would, for the browser tests: pick a choice by
// its index as written (the radio's value; the page shows choices in the learner's own order),
// type numbers, then lock in and wait for the first demo to reach its key moment.

import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Lesson } from '../../src/content/types';

/** Asserts the page opened unspoiled: step 0, demos, run views and checks held back, no answers. */
export async function expectUnspoiled(page: Page): Promise<void> {
  await page.getByTestId('demo-gate').waitFor();
  expect(await page.getByTestId('checks-hidden').count()).toBe(1);
  expect(await page.locator('[data-testid=checks] [data-testid=check]').count()).toBe(0);
  expect(await page.getByTestId('predict-answer').count()).toBe(0);
  for (const b of await page.getByTestId('demo').all()) expect(await b.isDisabled()).toBe(true);
  expect(await page.getByTestId('tab-logs').isDisabled()).toBe(true);
  expect(await page.getByTestId('commit-predictions').isDisabled()).toBe(true);
  expect(await page.getByTestId('position').innerText()).toMatch(/^0 \/ /);
  // The timeline's fault and failure markers would give the answer away too.
  for (const m of await page.locator('[data-testid=timeline] .marker').all()) expect(await m.isVisible()).toBe(false);
}

/** Answers every prediction, right or wrong as asked, locks them in and waits for the key moment. */
export async function predict(page: Page, lesson: Lesson, right: (i: number) => boolean, fast = true): Promise<void> {
  const items = page.getByTestId('prediction');
  for (const [i, p] of lesson.meta.predict.entries()) {
    const item = items.nth(i);
    if (p.kind === 'choice') {
      const pick = right(i) ? p.answer : (p.answer + 1) % p.choices.length;
      await item.locator(`input[type=radio][value="${pick}"]`).check();
    } else {
      await item.getByTestId('number-answer').fill(String(right(i) ? p.answer : p.answer + 3));
    }
  }
  await page.getByTestId('commit-predictions').click();
  if (fast) {
    // As an impatient learner would: once it plays, the speed to max (it still stops at the moment).
    await page.locator('[data-testid=key-moment][data-reached=false]').waitFor();
    await page.locator('[data-testid=play][data-playing=true], [data-testid=key-moment][data-reached=true]').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('speed').selectOption({ label: 'max' });
  }
  await page.locator('[data-testid=key-moment][data-reached=true]').waitFor({ timeout: 30_000 });
  await expect.poll(() => page.getByTestId('predict-answer').count()).toBe(lesson.meta.predict.length);
}
