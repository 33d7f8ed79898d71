// Sharing in the playground, in real Chromium: a share link opens the same run (same trace
// hash, same cursor) and says it reproduced it; bad links (truncated, random, newer version,
// invalid, 1 MB) each open the app with a clear message and leave saved work untouched; a link
// with handler code asks first and lists the handlers; the Share dialog gives a short link and
// an embed snippet; a .brokerlab.json file opens from the file picker; presenter mode steps with
// the arrow keys. Screenshots go to test-results/.

import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';
import { encodeState, fileState, shareStateOf, shareUrl, stateToFile, withHandlerSources } from '../../src/share/index';
import { badLinks } from '../share/fixtures';
import { startHarness, type Harness } from './harness';

const SAVED = {
  'brokerlab:drafts:v1:order-flow': JSON.stringify({ version: 1, scope: 'order-flow', files: { 'inventory.ts': { text: '// my own work', base: '', savedAtMs: 1 } }, updatedAtMs: 1 }),
  'brokerlab:progress': '{"inbox":"solved"}',
};

describe('sharing in the playground', () => {
  let harness: Harness;
  let page: Page;
  const errors: string[] = [];
  const scenario = builtinScenarios.find((s) => s.id === 'order-flow')!;
  const faults = [{ type: 'duplicate-delivery', service: 'Inventory', nth: 1 }];
  const expected = runScenario(scenario, { seed: 7, faults });
  const state = shareStateOf({ scenario, seed: 7, faults, position: 20, hash: expected.hash }, scenario);

  const hashShown = () => page.locator('[data-testid="trace-hash"]').getAttribute('data-hash');
  const saved = () => page.evaluate((keys) => keys.map((k) => localStorage.getItem(k)), Object.keys(SAVED));

  async function openLink(url: string) {
    await page.goto('about:blank');
    await page.goto(url);
  }

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    harness = await startHarness();
    page = await harness.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${harness.baseUrl}?autoplay=0`);
    await page.evaluate((entries) => { for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v); }, SAVED);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('opens a share link as the same run, at the shared cursor, and says it reproduced it', async () => {
    await openLink(shareUrl(`${harness.baseUrl}?autoplay=0`, encodeState(state)));
    await expect.poll(hashShown, { timeout: 30_000 }).toBe(expected.hash);
    await expect.poll(() => page.locator('[data-testid="share-verdict"]').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('same');
    expect(await page.locator('[data-testid="seed"]').inputValue()).toBe('7');
    await page.screenshot({ path: 'test-results/share-opened.png' });
    expect(await saved()).toEqual(Object.values(SAVED));
  });

  for (const bad of badLinks(encodeState(state)).filter((b) => !b.name.includes('zip bomb'))) {
    it(`a bad link (${bad.name}) opens the app with a clear message and changes no saved work`, async () => {
      await openLink(`${harness.baseUrl}?autoplay=0#/share/${bad.payload}`);
      const banner = page.locator('[data-testid="share-problem"]');
      await banner.waitFor({ timeout: 20_000 });
      expect(await banner.getAttribute('data-kind')).toBe(bad.kind);
      expect(await banner.innerText()).toMatch(/saved work is untouched/);
      await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('[data-testid="share-consent"]').count()).toBe(0);
      if (bad.name === 'truncated to half') await page.screenshot({ path: 'test-results/share-bad-link.png' });
      expect(await saved()).toEqual(Object.values(SAVED));
    });
  }

  it('a link with a scenario that fails the engine\'s validation is refused with its paths', async () => {
    const broken = { ...scenario, id: 'broken', workload: [{ kind: 'steady', service: 'Nobody', handler: 'x', count: 1, body: {} }] } as never;
    await openLink(shareUrl(`${harness.baseUrl}?autoplay=0`, encodeState(shareStateOf({ scenario: broken, seed: 1, faults: [], position: 0 }, undefined))));
    const banner = page.locator('[data-testid="share-problem"]');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.innerText()).toContain('workload[0].service');
    expect(await saved()).toEqual(Object.values(SAVED));
  });

  it('asks before running handler code from a link, listing the handlers that differ', async () => {
    const svc = scenario.services.find((s) => s.handlers.some((h) => 'source' in h.code))!;
    const handler = svc.handlers.find((h) => 'source' in h.code)!;
    const source = (handler.code as { source: string }).source;
    const edited = withHandlerSources(scenario, { [`${svc.name}/${handler.name}`]: `${source}\n// shared edit\n` });
    const editedHash = runScenario(edited, { seed: 3 }).hash;
    await openLink(shareUrl(`${harness.baseUrl}?autoplay=0`, encodeState(shareStateOf({ scenario: edited, seed: 3, faults: [], position: 0, hash: editedHash }, scenario))));
    const dialog = page.locator('[data-testid="share-consent"]');
    await dialog.waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="consent-handler"]').allInnerTexts()).toEqual([expect.stringContaining(`${svc.name}/${handler.name}`)]);
    await page.screenshot({ path: 'test-results/share-consent.png' });
    await page.locator('[data-testid="consent-run"]').click();
    await expect.poll(hashShown, { timeout: 30_000 }).toBe(editedHash);
    expect(await saved()).toEqual(Object.values(SAVED));
  });

  it('the Share dialog gives a short link and an embed snippet; a saved file opens from the picker', async () => {
    await openLink(`${harness.baseUrl}?autoplay=0`);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="share-button"]').click();
    const link = await page.locator('[data-testid="share-link"]').inputValue();
    expect(link).toContain('#/share/1.');
    expect(link.length).toBeLessThan(500);
    expect(await page.locator('[data-testid="link-size"]').getAttribute('data-size')).toBe('ok');
    expect(await page.locator('[data-testid="embed-code"]').inputValue()).toMatch(/^<iframe src="[^"]*embed\.html[^"]*#\/share\/1\./);
    await page.screenshot({ path: 'test-results/share-dialog.png' });

    const file = join(tmpdir(), `brokerlab-${process.pid}.brokerlab.json`);
    writeFileSync(file, stateToFile(fileState(state, { scenario: (id) => builtinScenarios.find((s) => s.id === id), lesson: () => undefined })));
    await page.locator('[data-testid="open-file"]').setInputFiles(file);
    await expect.poll(hashShown, { timeout: 30_000 }).toBe(expected.hash);
    expect(await saved()).toEqual(Object.values(SAVED));
  });

  it('presenter mode steps through the run with the arrow keys, in large type', async () => {
    await page.locator('[data-testid="present-button"]').click();
    const presenter = page.locator('[data-testid="presenter"]');
    await presenter.waitFor();
    await page.keyboard.press('Home');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('[data-testid="presenter-step"]').innerText()).toMatch(/^step 5 \//);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('[data-testid="presenter-step"]').innerText()).toMatch(/^step 4 \//);
    const size = await page.locator('[data-testid="presenter-caption"] .what').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(24);
    await page.waitForTimeout(400);
    await page.screenshot({ path: 'test-results/share-presenter.png' });
    await page.keyboard.press('Escape');
    await expect.poll(() => presenter.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
