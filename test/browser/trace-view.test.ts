// The Trace tab: a run's flow as a span waterfall. It opens on a flow that failed, shows the
// redeliveries as sibling spans with their glyphs, follows the cursor (spans not yet started are
// faint), and clicking a span moves the cursor to it.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

describe('the Trace tab', () => {
  let harness: Harness;
  let page: Page;

  beforeAll(async () => {
    harness = await startHarness();
    page = await harness.newPage();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('shows the failing flow as spans, follows the cursor, and a click moves the cursor', async () => {
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${harness.baseUrl}?autoplay=0&expose=1`);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="tab-trace"]').click();
    const view = page.locator('[data-testid="trace-view"]');
    await view.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="trace-flow"]').inputValue()).toMatch(/^c-\d+$/);
    const rows = view.locator('li');
    expect(await rows.count()).toBeGreaterThan(3);
    // The failing flow: its consumer spans are errors, the last one carries the dead letter.
    const failed = view.locator('li.error[data-kind="consumer"]');
    expect(await failed.count()).toBeGreaterThan(1);
    expect(await failed.last().locator('.mark[title="message.dead-lettered"]').count()).toBe(1);
    // At step 0 nothing has started: every span is faint.
    await page.evaluate(() => (window as unknown as { brokerlab: { playground: { seek(n: number): void } } }).brokerlab.playground.seek(0));
    await expect.poll(async () => view.locator('li:not(.future)').count()).toBe(0);
    // A click on the dead-lettered span moves the cursor just past it.
    await failed.last().locator('button.name').click();
    const position = await page.evaluate(() => (window as unknown as { brokerlab: { playground: { position: number } } }).brokerlab.playground.position);
    expect(position).toBeGreaterThan(0);
    expect(await failed.last().evaluate((li) => li.classList.contains('future'))).toBe(false);
    await page.screenshot({ path: 'test-results/trace-view.png' });
    expect(errors).toEqual([]);
  });
});
