// The page in real Chromium: it loads cleanly, the worker streams the default scenario, the
// diagram draws its messages, and the trace hash computed in the browser's worker equals the
// one Node computes from the same scenario and seed (determinism across runtimes).

import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { defaultScenario } from '../../src/scenarios/index';
import { startHarness, type Harness } from './harness';

describe('first page', () => {
  let harness: Harness;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    harness = await startHarness();
    page = await harness.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    await page.goto(`${harness.baseUrl}?autoplay=0`);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    await page.keyboard.press('End');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('loads with no console errors and shows the scenario', async () => {
    expect(consoleErrors).toEqual([]);
    await expect(page.title()).resolves.toBe('Brokerlab');
    expect(await page.locator('[data-testid="scenario-select"] option:checked').innerText()).toContain(defaultScenario.title);
  });

  it('draws the default scenario messages in the sequence diagram', async () => {
    await page.locator('[data-testid="sequence-scroller"]').evaluate((el) => { el.scrollTop = 0; });
    await expect.poll(async () => {
      const labels = await page.locator('[data-testid="sequence-diagram"] g.row.arrow').evaluateAll((nodes) =>
        nodes.map((node) => `${node.getAttribute('data-kind')} ${node.getAttribute('data-label')}`),
      );
      return labels.includes('message.published OrderPlaced') && labels.some((l) => l.startsWith('message.delivered OrderPlaced')) && labels.includes('message.published StockReserved');
    }).toBe(true);
    expect(await page.locator('[data-testid="check"]').count()).toBeGreaterThan(0);
  });

  it('draws the dead-lettered order distinctly: colour, ☠ label and a cross head', async () => {
    await page.locator('[data-testid="timeline"] .marker.dead-letter').first().click();
    const dead = page.locator('[data-testid="sequence-diagram"] g.row[data-kind="message.dead-lettered"]').first();
    await expect.poll(() => dead.count()).toBe(1);
    expect(await dead.getAttribute('class')).toContain('tone-dead-letter');
    expect(await dead.getAttribute('data-label')).toMatch(/^☠ OrderPlaced/);
    expect(await dead.locator('path').getAttribute('marker-end')).toMatch(/cross-dead-letter/);
    const stroke = await dead.locator('path').evaluate((node) => getComputedStyle(node).stroke);
    const normalStroke = await page.locator('g.row.arrow.tone-normal path').first().evaluate((node) => getComputedStyle(node).stroke);
    expect(stroke).not.toBe(normalStroke);
  });

  it('shows the same trace hash as Node for the same scenario and seed', async () => {
    const seed = Number(await page.locator('[data-testid="seed"]').inputValue());
    const shown = await page.locator('[data-testid="trace-hash"]').getAttribute('data-hash');
    expect(shown).toBe(runScenario(defaultScenario, { seed }).hash);
  });

  it('reruns with another seed from the header', async () => {
    await page.locator('[data-testid="seed"]').fill('7');
    await page.locator('header button[type="submit"]').click();
    await expect.poll(() => page.locator('[data-testid="trace-hash"]').getAttribute('data-hash'), { timeout: 20_000 }).toBe(runScenario(defaultScenario, { seed: 7 }).hash);
    expect(consoleErrors).toEqual([]);
  });

  it('runs the same flow on each broker from the header\'s broker switch (same hash as Node)', async () => {
    const seed = Number(await page.locator('[data-testid="seed"]').inputValue());
    const select = page.locator('[data-testid="broker-select"]');
    expect(await select.locator('option').allInnerTexts()).toEqual(['generic', 'servicebus', 'rabbitmq', 'kafka']);
    for (const broker of ['kafka', 'rabbitmq', 'servicebus', 'generic'] as const) {
      await select.selectOption(broker);
      await expect.poll(() => page.locator('[data-testid="trace-hash"]').getAttribute('data-hash'), { timeout: 20_000 }).toBe(runScenario({ ...defaultScenario, broker }, { seed }).hash);
    }
    expect(consoleErrors).toEqual([]);
  });

  it('saves a screenshot for people to look at', async () => {
    mkdirSync('test-results', { recursive: true });
    await page.locator('[data-testid="seed"]').fill(String(defaultScenario.seeds?.[0] ?? 42));
    await page.locator('header button[type="submit"]').click();
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor();
    await page.keyboard.press('End');
    await page.screenshot({ path: 'test-results/first-page.png' });
  });
});
