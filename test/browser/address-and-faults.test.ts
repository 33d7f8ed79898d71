// The playground's address and its fault feedback, in real Chromium. The address holds scenario,
// seed, broker and position: opening one shows that moment, changing the seed is a new history
// entry that back undoes, a reload comes back to the same place, and a seed that is not a whole
// number is refused with a message (typed or in the address). A fault says what it hit: crashing
// a service while it is busy moves to the crash and says how many handlers were running; a fault
// that never strikes says so. An address followed from the page keeps its moment through a
// reload, even one that comes before the new run is in.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, positionOf, runDone, type OpenedPage } from './harness';

describe('address and fault feedback', () => {
  let opened: OpenedPage;
  let page: Page;

  beforeAll(async () => {
    // Intros seen: this test is about the address and faults.
    opened = await openPage({ introsSeen: ['order-flow', 'kafka-partitions'] });
    page = opened.page;
  });

  afterAll(async () => {
    await opened?.close();
  });

  const position = () => positionOf(page);
  const seed = () => page.locator('[data-testid="seed"]').inputValue();
  const hash = () => page.evaluate(() => location.hash);
  const done = () => runDone(page);

  it('opens the moment an address names, and keeps the address in step', async () => {
    await page.goto(`${opened.harness.baseUrl}#/play?scenario=kafka-partitions&seed=2&at=50`);
    await done();
    expect(await page.locator('[data-testid="scenario-select"]').inputValue()).toBe('kafka-partitions');
    expect(await seed()).toBe('2');
    await expect.poll(position).toBe(50);

    await page.locator('[data-testid="seed"]').fill('3');
    await page.locator('[data-testid="seed"]').press('Enter');
    await expect.poll(hash).toBe('#/play?scenario=kafka-partitions&seed=3&at=50');
    // End while the new run still streams means "follow it to its end" (no at=): wait for it.
    await done();
    await expect.poll(position).toBe(50);
    await page.locator('h1').click();
    await page.keyboard.press('End');
    await expect.poll(hash).toMatch(/&seed=3&at=7\d\d$/);
    const end = await position();

    await page.reload();
    await done();
    expect(await seed()).toBe('3');
    await expect.poll(position).toBe(end);

    await page.goBack();
    await expect.poll(seed).toBe('2');
    await expect.poll(position, { timeout: 10_000 }).toBe(50);
  });

  it('refuses a seed that is not a whole number, typed or in the address', async () => {
    await page.locator('[data-testid="seed"]').fill('4.5');
    await page.locator('[data-testid="seed"]').press('Enter');
    expect(await page.getByTestId('seed-problem').innerText()).toBe('A seed is a whole number from 0 to 4,294,967,295; "4.5" is not one.');
    expect(await page.locator('[data-testid="seed"]').getAttribute('aria-invalid')).toBe('true');
    expect(await hash()).toMatch(/&seed=2(&|$)/);

    // Followed from this page (the address changes in place)…
    await page.goto(`${opened.harness.baseUrl}#/play?scenario=order-flow&seed=abc`);
    await expect.poll(() => page.getByTestId('address-problems').innerText()).toContain('"abc" is not one');
    expect(await page.locator('[data-testid="scenario-select"]').inputValue()).toBe('order-flow');
    // …and opened fresh.
    const fresh = await opened.harness.newPage();
    await fresh.goto(`${opened.harness.baseUrl}#/play?scenario=order-flow&seed=1.5`);
    await fresh.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    expect(await fresh.getByTestId('address-problems').innerText()).toContain('"1.5" is not one');
    expect(await fresh.locator('[data-testid="seed"]').inputValue()).toBe('6');
    await fresh.close();
  });

  it('says what a fault hit: a busy crash lands on the crash, a fault that never strikes says so', async () => {
    await page.goto(`${opened.harness.baseUrl}#/play?scenario=order-flow&seed=6`);
    await page.reload();
    await done();
    expect(await position()).toBe(0);
    await page.locator('[data-testid="fault-service"]').selectOption('Inventory');
    await page.locator('[data-preset="crash-busy:Inventory"]').click();
    const toast = page.getByTestId('fault-toast');
    await expect.poll(() => toast.getAttribute('data-struck'), { timeout: 30_000 }).toBe('true');
    expect(await toast.innerText()).toMatch(/^Inventory crashed with 1 handler running/);
    const now = page.locator('[data-testid="sequence-diagram"] g.row.now');
    await expect.poll(() => now.getAttribute('data-label')).toMatch(/^✸ crashed \(1 running lost\)/);
    expect(await now.getAttribute('class')).toContain('highlighted');
    expect(await position()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/fault-toast-busy.png' });

    // At the end of the run Inventory is never busy again: the busy crash is refused, with why…
    await page.keyboard.press('End');
    await page.locator('[data-preset="crash-busy:Inventory"]').click();
    await expect.poll(() => toast.innerText()).toContain('nothing to crash "while it is busy"');
    // …and nothing is left for a poison message to strike.
    await page.locator('[data-preset="poison:Inventory"]').click();
    await expect.poll(() => toast.getAttribute('data-struck'), { timeout: 30_000 }).toBe('false');
    expect(await toast.innerText()).toContain('never struck after the cursor');
    expect(opened.errors).toEqual([]);
  });

  it('keeps the moment of an address followed from the page, even when reloaded before its run is in', async () => {
    // The address is followed in place (another scenario was showing), then reloaded at once:
    // the address the page writes while the new run comes in must still hold the cursor.
    await page.goto(`${opened.harness.baseUrl}#/play?scenario=kafka-partitions&seed=1`);
    await page.reload();
    await done();
    await page.goto(`${opened.harness.baseUrl}#/play?scenario=order-flow&seed=6&at=40`);
    expect(await hash()).toMatch(/&at=40(&|$)/);
    await page.reload();
    await done();
    expect(await hash()).toMatch(/^#\/play\?scenario=order-flow&seed=6(&broker=\w+)?&at=40$/);
    await expect.poll(position).toBe(40);
  });
});
