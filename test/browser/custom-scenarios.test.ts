// Scenarios made in the editor, everywhere, in real Chromium: one saved in the editor is listed in
// the playground's picker and runs from there through a share link (consent first: its handler
// code is not ours); the same payload opens in the embed and as a slide of the example deck. A
// saved draft that is not a valid scenario opens as a clear problem and stays saved.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { editorText } from './scenario-json';

describe('custom scenarios in the picker, the embed and the deck', () => {
  let harness: Harness;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    harness = await startHarness();
    page = await harness.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('a scenario saved in the editor is in the picker, runs, and its payload opens in the embed and the deck', async () => {
    await page.goto(`${harness.baseUrl}?autoplay=0#/scenario/new`);
    await page.locator('[data-testid="editor-start"]').selectOption('starter:work-queue');
    await expect.poll(() => editorText(page)).toContain('"my-work-queue"');
    await page.locator('[data-testid="editor-view-form"]').click();
    await page.getByLabel('Title').fill('Our job queue');
    await expect.poll(() => page.locator('[data-testid="editor-status"]').innerText()).toMatch(/^valid · saved/);

    await page.goto('about:blank');
    await page.goto(`${harness.baseUrl}?autoplay=0#/`);
    const picker = page.locator('[data-testid="scenario-select"]');
    await picker.locator('optgroup[label="Your scenarios"] option', { hasText: 'Our job queue' }).waitFor({ state: 'attached', timeout: 30_000 });
    await picker.selectOption('custom:my-work-queue');
    await page.locator('[data-testid="consent-run"]').click({ timeout: 30_000 });
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    expect(await picker.locator('option:checked').innerText()).toBe('Our job queue (this link)');
    const payload = new URL(page.url()).hash.replace('#/share/', '');
    expect(payload.length).toBeGreaterThan(20);

    const embed = await harness.newPage();
    await embed.goto(`${harness.baseUrl}embed.html?controls=1#/share/${payload}`);
    await embed.locator('[data-testid="embed-consent"] button.primary').click({ timeout: 30_000 });
    await embed.locator('[data-testid="embed-diagram"]').waitFor({ timeout: 60_000 });
    await embed.close();

    const deck = await harness.newPage();
    await deck.goto(`${harness.baseUrl}deck.html#/share/${payload}`);
    const slides = await deck.locator('.slide').evaluateAll((xs) => xs.map((x) => x.getAttribute('data-testid')));
    expect(slides).toEqual(['slide-0', 'slide-1', 'slide-2', 'slide-shared', 'slide-3']);
    await deck.evaluate(() => (window as unknown as { brokerlabDeck: { show: (i: number) => void } }).brokerlabDeck.show(3));
    const frame = deck.frameLocator('#shared');
    await frame.locator('[data-testid="embed-consent"] button.primary').click({ timeout: 30_000 });
    await frame.locator('[data-testid="embed-diagram"]').waitFor({ timeout: 60_000 });
    await deck.close();
    expect(errors).toEqual([]);
  }, 180_000);

  it('a saved draft that does not validate opens as a clear problem, and stays saved', async () => {
    const broken = JSON.stringify({ formatVersion: 1, id: 'broken-one', title: 'Broken one', broker: 'generic', entities: [], messages: [], services: [{ name: 'S', handlers: [{ name: 'H', consumes: 'nowhere', code: { source: 'export default 1' } }] }], workload: [] });
    await page.goto(`${harness.baseUrl}?autoplay=0#/`);
    await page.evaluate((text) => localStorage.setItem('brokerlab:scenarios:v1', JSON.stringify([{ id: 'broken-one', text, savedAt: 1 }])), broken);
    await page.reload();
    const picker = page.locator('[data-testid="scenario-select"]');
    await picker.locator('optgroup[label="Your scenarios"] option', { hasText: 'Broken one' }).waitFor({ state: 'attached', timeout: 30_000 });
    await picker.selectOption('custom:broken-one');
    const banner = page.locator('[data-testid="share-problem"]');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.innerText()).toMatch(/nowhere/);
    expect(await page.evaluate(() => localStorage.getItem('brokerlab:scenarios:v1'))).toContain('broken-one');
  }, 90_000);
});
