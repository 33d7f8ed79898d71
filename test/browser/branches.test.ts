// What-if branches: "Branch here" in the playground forks the run at the cursor (a fault at that
// moment, other code deployed then), the branches page shows the base and each branch with
// Node's hashes and where each first parts from the base, and the whole set survives a share
// link round trip — the deployed code is listed for consent, and every lane replays to the hash
// it was shared with.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, type Harness } from './harness';
import { runScenario, type FaultSpec } from '../../src/engine/index';
import { orderFlow } from '../../src/scenarios/order-flow';

const AT = 40;
const base = runScenario(orderFlow, { seed: 7 });
/** Faults made at a cursor strike the tick after its last event. */
const atTick = base.trace[AT - 1]!.tick + 1;
const crash: FaultSpec = { type: 'crash', service: 'Inventory', atTick };
const reserve = orderFlow.services.find((s) => s.name === 'Inventory')!.handlers[0]!;
const shippedCode = 'source' in reserve.code ? reserve.code.source : '';

describe('what-if branches', () => {
  let harness: Harness;
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    ({ harness, page, errors } = await openPage());
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function branchAtCursor(setup: () => Promise<void>) {
    await page.goto(`${harness.baseUrl}#/play?scenario=order-flow&seed=7&at=${AT}`);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('[data-testid="position"] strong').textContent(), { timeout: 30_000 }).toBe(String(AT));
    await page.locator('[data-testid="branch-here"]').click();
    await page.locator('[data-testid="branch-dialog"]').waitFor({ timeout: 30_000 });
    await setup();
    await page.locator('[data-testid="branch-create"]').click();
    await page.locator('[data-testid="branches-page"]').waitFor({ timeout: 30_000 });
  }

  const lanes = () => page.locator('[data-testid="branch-lane"]');
  const hashes = () => lanes().evaluateAll((els) => els.map((el) => el.querySelector('[data-testid="branch-hash"]')?.getAttribute('data-hash') ?? ''));

  it('forks the run at the cursor with a crash there: two diagrams with Node\'s hashes, the fork marked', async () => {
    await branchAtCursor(async () => {
      await page.locator('[data-testid="branch-kind-fault"]').check();
      await page.locator('[data-testid="branch-fault"]').selectOption('crash:Inventory');
    });
    expect(page.url()).toContain('#/branches');
    await expect.poll(() => lanes().count(), { timeout: 60_000 }).toBe(2);
    const expected = [base.hash, runScenario(orderFlow, { seed: 7, faults: [crash] }).hash];
    await expect.poll(hashes, { timeout: 60_000 }).toEqual(expected);
    const diverge = page.locator('[data-testid="branch-row"][data-branch="Branch 1"] [data-testid="branch-diverge"]');
    await expect.poll(() => diverge.getAttribute('data-position'), { timeout: 30_000 }).not.toBe('');
    expect(Number(await diverge.getAttribute('data-position'))).toBeGreaterThanOrEqual(AT);
    await diverge.locator('[data-testid="branch-show-diverge"]').click();
    await expect.poll(() => lanes().nth(1).locator('.highlighted').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="branch-row"][data-branch="Branch 1"] .what').textContent()).not.toBe('');
  });

  it('adds a branch that deploys other code at the same moment, and the set survives a share link with the same hashes', async () => {
    const newCode = shippedCode.replace('reserved: item.reserved + qty', 'reserved: item.reserved + 2 * qty');
    expect(newCode).not.toBe(shippedCode);
    await branchAtCursor(async () => {
      await page.locator('[data-testid="branch-kind-deploy"]').check();
      await page.locator('[data-testid="branch-handler"]').selectOption('Inventory/ReserveStock');
      await page.locator('[data-testid="branch-code"]').fill(newCode);
    });
    await expect.poll(() => lanes().count(), { timeout: 60_000 }).toBe(3);
    const deploy: FaultSpec = { type: 'deploy', service: 'Inventory', atTick, handlers: { ReserveStock: newCode } };
    const expected = [base.hash, runScenario(orderFlow, { seed: 7, faults: [crash] }).hash, runScenario(orderFlow, { seed: 7, faults: [deploy] }).hash];
    await expect.poll(hashes, { timeout: 60_000 }).toEqual(expected);
    const link = page.locator('[data-testid="branches-link"]');
    await link.waitFor({ timeout: 30_000 });
    const url = await link.inputValue();
    expect(url).toContain('#/share/');

    // A fresh tab: the link's deployed code is listed before anything runs.
    const other = await harness.newPage();
    other.on('pageerror', (e) => errors.push(e.message));
    await other.goto(url);
    const consent = other.locator('[data-testid="share-consent"]');
    await consent.waitFor({ timeout: 60_000 });
    expect(await consent.locator('[data-testid="consent-handler"]').textContent()).toMatch(/Inventory\/ReserveStock.*deployed at [\d,]+ ms in Branch 2/);
    await other.locator('[data-testid="consent-run"]').click();
    await other.locator('[data-testid="branches-page"]').waitFor({ timeout: 30_000 });
    const otherLanes = other.locator('[data-testid="branch-lane"]');
    await expect.poll(() => otherLanes.count(), { timeout: 60_000 }).toBe(3);
    await expect.poll(() => otherLanes.evaluateAll((els) => els.map((el) => el.querySelector('[data-testid="branch-hash"]')?.getAttribute('data-hash') ?? '')), { timeout: 60_000 }).toEqual(expected);
    await expect.poll(() => other.locator('[data-testid="branch-reproduced"][data-verdict="same"]').count(), { timeout: 30_000 }).toBe(3);
    await other.close();
    expect(errors).toEqual([]);
  });
});
