// The retry-policy lab page (#/lab/retry): it computes in the lab worker with progress, can be
// cancelled while it computes (the page answers), and shows per policy the same numbers Node
// computes for the same request — the lab is deterministic across hosts.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { presetRequest, runRetryLab } from '../../src/engine/lab/index';

describe('the retry-policy lab page', () => {
  let harness: Harness;
  let page: Page;

  beforeAll(async () => {
    harness = await startHarness();
    page = await harness.newPage();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('computes with progress, cancels, and agrees with Node', async () => {
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${harness.baseUrl}#/lab/retry`);
    // It computes the preset on arrival (fast: it may be done before a click could land).
    await page.locator('[data-testid="lab-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    // Cancel stops a long computation (100 seeds of four policies) while it computes, part way.
    await page.locator('[data-testid="lab-seeds"]').fill('100');
    await page.locator('[data-testid="lab-compute"]').click();
    await page.locator('[data-testid="lab-status"][data-status="computing"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="lab-cancel"]').click();
    await page.locator('[data-testid="lab-status"][data-status="cancelled"]').waitFor({ timeout: 10_000 });
    const stopped = /cancelled at (\d+) \/ (\d+) runs/.exec(await page.getByTestId('lab-status').innerText());
    expect(stopped, 'the status says where it stopped').not.toBeNull();
    expect(Number(stopped![1])).toBeLessThan(Number(stopped![2]));
    await page.waitForTimeout(500);
    expect(await page.getByTestId('lab-status').innerText(), 'nothing computes after the cancel').toBe(stopped![0]);

    // 100 seeds of the article's four backoffs (about 0.7 s of work on a quiet machine, so more
    // than one of the worker's 100 ms batches); record every progress figure the page shows.
    await page.locator('[data-testid="lab-seeds"]').fill('100');
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { labSeen: string[] }).labSeen = seen;
      const status = document.querySelector('[data-testid="lab-status"]')!;
      new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, { subtree: true, childList: true, characterData: true });
    });
    await page.locator('[data-testid="lab-compute"]').click();
    await page.locator('[data-testid="lab-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    const seen = await page.evaluate(() => (window as unknown as { labSeen: string[] }).labSeen);
    const partial = seen.map((t) => /(\d+) \/ 400 runs/.exec(t)).filter((m) => m && Number(m[1]) > 0 && Number(m[1]) < 400);
    expect(partial.length).toBeGreaterThan(0);

    const rows = page.locator('[data-testid="lab-row"]');
    expect(await rows.count()).toBe(4);
    expect(await page.locator('[data-testid="lab-histogram"]').count()).toBe(4);
    const node = runRetryLab(presetRequest('occ', { seeds: 100, policies: ['exponential', 'full-jitter', 'equal-jitter', 'decorrelated-jitter'] }));
    for (const [i, p] of node.policies.entries()) {
      expect(await rows.nth(i).getAttribute('data-policy')).toBe(p.policy);
      expect(Number(await rows.nth(i).getAttribute('data-calls'))).toBe(p.calls);
      expect(Number(await rows.nth(i).getAttribute('data-completion'))).toBe(p.completionTicks);
    }
    const least = node.policies.reduce((a, b) => (b.calls < a.calls ? b : a));
    await expect.poll(() => page.locator('[data-testid="lab-verdict"]').textContent()).toContain(`${least.policy} did the least work`);
    await page.screenshot({ path: 'test-results/retry-lab.png' });
    expect(errors).toEqual([]);
  });
});
