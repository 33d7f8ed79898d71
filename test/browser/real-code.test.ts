// The lesson page's "In real code" card in Chromium: locked (it would show the solution's
// settings) until the challenge is solved or the solution viewed; then four tools, switched by
// click or arrow keys, each with the lesson's own numbers (the retries lesson's 8 retries with
// full jitter from 200 ms to 5 s and 24 consumers at once).

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { axeViolations } from './axe';

let harness: Harness;
let page: Page;

beforeAll(async () => {
  harness = await startHarness();
  page = await harness.newPage();
  await page.goto(`${harness.baseUrl}#/lessons/retries-and-backoff`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

it('opens with the solution viewed, and shows each tool with the run’s numbers', async () => {
  await expect.poll(() => page.getByTestId('real-code-locked').count(), { timeout: 20_000 }).toBe(1);
  expect(await page.getByTestId('real-code-snippet').count()).toBe(0);

  await page.evaluate(() => {
    const p = JSON.parse(localStorage.getItem('brokerlab.progress.v1') ?? '{}') as { lessons?: Record<string, object> };
    p.lessons = { ...p.lessons, 'retries-and-backoff': { ...(p.lessons?.['retries-and-backoff'] ?? {}), solutionViewed: true } };
    localStorage.setItem('brokerlab.progress.v1', JSON.stringify(p));
  });
  await page.reload();
  await expect.poll(() => page.getByTestId('real-code-tab').allInnerTexts(), { timeout: 20_000 }).toEqual(['MassTransit', 'Azure Service Bus SDK', 'Spring Kafka', 'Node']);
  const snippet = () => page.getByTestId('real-code-snippet').innerText();
  expect(await snippet()).toContain('r.Exponential(8, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(5000)');
  expect(await snippet()).toContain('e.ConcurrentMessageLimit = 24;');
  await page.getByTestId('real-code-tab').nth(2).click();
  expect(await snippet()).toContain('attempts = "9"');
  await page.keyboard.press('ArrowRight');
  expect(await page.getByTestId('real-code-snippet').getAttribute('data-language')).toBe('typescript');
  expect(await snippet()).toContain('maxConcurrentCalls: 24');
  expect(await axeViolations(page)).toEqual([]);
}, 90_000);
