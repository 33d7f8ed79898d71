// Compare brokers (#/compare): reached from the playground's "Compare brokers" link, it runs the
// scenario with the same seed and faults on Service Bus, RabbitMQ and Kafka — three diagrams,
// each with the hash Node computes for that broker — and the outcome table, where a figure that
// differs names the rule behind it and shows its events.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { compareBrokers } from '../../src/engine/explore/index';
import { builtinScenarios } from '../../src/scenarios/index';
import type { FaultSpec } from '../../src/engine/index';

const orderFlow = builtinScenarios.find((s) => s.id === 'order-flow')!;
const faults = [{ type: 'crash', service: 'Inventory', atTick: 300, restartAfterTicks: 2000 }] as FaultSpec[];

describe('compare brokers', () => {
  let harness: Harness;
  let page: Page;

  beforeAll(async () => {
    harness = await startHarness();
    page = await harness.newPage();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('opens from the playground with its scenario and seed', async () => {
    await page.goto(`${harness.baseUrl}?autoplay=0`);
    const link = page.locator('[data-testid="compare-brokers"]');
    await link.waitFor({ timeout: 60_000 });
    const scenario = await page.locator('[data-testid="scenario-select"]').inputValue();
    const seed = await page.locator('[data-testid="seed"]').inputValue();
    await link.click();
    await page.locator('[data-testid="compare-page"]').waitFor({ timeout: 30_000 });
    expect(page.url()).toContain(`#/compare?scenario=${scenario}&seed=${seed}`);
    await expect.poll(() => page.locator('[data-testid="compare-lane"]').count(), { timeout: 60_000 }).toBe(3);
  });

  it('shows three diagrams with Node\'s hashes and the outcome table; a difference shows its rule and events', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${harness.baseUrl}#/compare?scenario=order-flow&seed=7&faults=${encodeURIComponent(JSON.stringify(faults))}`);
    await page.reload();
    const lanes = page.locator('[data-testid="compare-lane"]');
    await expect.poll(() => lanes.count(), { timeout: 60_000 }).toBe(3);
    const node = compareBrokers(orderFlow, { seed: 7, faults });
    for (const [i, row] of node.entries()) {
      expect(await lanes.nth(i).getAttribute('data-broker')).toBe(row.broker);
      await expect.poll(() => lanes.nth(i).locator('[data-testid="compare-hash"]').getAttribute('data-hash'), { timeout: 60_000 }).toBe(row.hash);
      expect(await lanes.nth(i).locator('svg').count()).toBeGreaterThan(0);
    }
    const table = page.locator('[data-testid="compare-table"]');
    const dup = table.locator('[data-testid="compare-row"][data-row="duplicatesProcessed"]');
    await expect.poll(async () => (await dup.locator('td.num').allTextContents()).map(Number), { timeout: 30_000 }).toEqual(node.map((r) => r.duplicatesProcessed));
    // Kafka re-reads what was not committed before the crash: the row differs and names the rule.
    expect(await dup.getAttribute('class')).toContain('differs');
    expect(await dup.locator('.why').textContent()).toMatch(/Apache Kafka:.*(offset|rebalance|crashed)/);
    const before = await page.locator('[data-testid="compare-tick"]').textContent();
    await dup.locator('[data-testid="compare-show"]').first().click();
    await expect.poll(() => page.locator('[data-testid="compare-tick"]').textContent()).not.toBe(before);
    await expect.poll(() => lanes.nth(2).locator('.highlighted').count()).toBeGreaterThan(0);
    expect(await table.locator('[data-testid="compare-check"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/compare-brokers.png' });
    expect(errors).toEqual([]);
  });
});
