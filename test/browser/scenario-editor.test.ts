// The scenario editor in real Chromium: from a blank page, build a two-service scenario with
// the form view (a queue, a message type, a publishing entry point and a consumer, a workload), run
// it in the playground, share it, and open the link in a cleared browser with the same trace
// hash; break a field and see the engine's issue on that field with Run disabled; reload and
// find the text as typed. Screenshots of the editor at 1280×720 and 1440×900, light and dark,
// go to /tmp.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { editorText, jsonReady, typeJson, visibleJson } from './scenario-json';

describe('scenario editor', () => {
  let harness: Harness;
  let page: Page;
  const errors: string[] = [];
  const hashShown = () => page.locator('[data-testid="trace-hash"]').getAttribute('data-hash');

  beforeAll(async () => {
    harness = await startHarness();
    page = await harness.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('builds a two-service scenario from a blank page, runs it, and a shared link replays it in a cleared browser', async () => {
    await page.goto(`${harness.baseUrl}?autoplay=0#/scenario/new`);
    await jsonReady(page);
    await page.locator('[data-testid="editor-view-form"]').click();
    expect(await page.locator('[data-testid="editor-status"]').innerText()).toMatch(/^valid/);
    await page.locator('[data-testid="add-queue"]').click();
    await page.locator('[data-testid="add-message"]').click();
    await page.locator('[data-testid="add-service"]').click(); // consumes the queue
    await page.locator('[data-testid="add-service"]').click();
    // The second service is the producer: an entry point that publishes the message type.
    await page.getByLabel('What Service-2.Handle consumes').selectOption('');
    await page.getByLabel("Replace Handle's code with a template").nth(1).selectOption('publish');
    await page.locator('[data-testid="add-workload"]').click();
    const json = JSON.parse(await editorText(page));
    expect(json.services.map((s: { name: string }) => s.name)).toEqual(['Service-1', 'Service-2']);
    expect(json.services[0].handlers[0].consumes).toBe('queue-1');
    expect(json.workload[0]).toMatchObject({ service: 'Service-2', handler: 'Handle', count: 5 });
    expect(await page.locator('[data-testid="editor-status"]').innerText()).toMatch(/^valid/);

    for (const [width, height] of [[1280, 720], [1440, 900]]) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: `/tmp/scenario-editor-${width}x${height}-${scheme}.png` });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.locator('[data-testid="editor-share"]').click();
    const link = await page.locator('[data-testid="editor-share-input"]').inputValue();
    expect(link).toContain('#/share/');

    await page.locator('[data-testid="editor-run"]').click();
    await page.locator('[data-testid="consent-run"]').click({ timeout: 30_000 });
    await expect.poll(hashShown, { timeout: 60_000 }).toMatch(/^[0-9a-f]{16}$/);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    const hash = await hashShown();
    await page.screenshot({ path: '/tmp/scenario-editor-run-1280x720.png' });

    // A fresh browser: nothing stored, the link alone.
    await page.evaluate(() => localStorage.clear());
    const fresh = await harness.newPage();
    await fresh.goto('about:blank');
    await fresh.goto(link);
    await fresh.locator('[data-testid="consent-run"]').click({ timeout: 30_000 });
    await expect.poll(() => fresh.locator('[data-testid="trace-hash"]').getAttribute('data-hash'), { timeout: 60_000 }).toBe(hash);
    await fresh.close();
  }, 240_000);

  it('a broken field shows the engine\'s issue on that field, Run is disabled, and the text survives a reload', async () => {
    await page.goto('about:blank');
    await page.goto(`${harness.baseUrl}?autoplay=0#/scenario/new`);
    await page.locator('[data-testid="editor-view-form"]').click();
    await page.locator('[data-testid="add-queue"]').click();
    await page.locator('[data-testid="add-service"]').click();
    // Rename the queue: the handler now consumes an entity that does not exist.
    await page.getByLabel('Name of entity 1').fill('renamed');
    const err = page.locator('[data-testid="error-services-0-handlers-0"]');
    await err.waitFor({ timeout: 10_000 });
    expect(await err.innerText()).toMatch(/no entity named "queue-1"/);
    expect(await page.locator('[data-testid="editor-run"]').isDisabled()).toBe(true);
    await page.screenshot({ path: '/tmp/scenario-editor-error-1280x720.png' });
    // Invalid JSON typed into monaco: the error is on its line, and the text is kept as typed.
    await jsonReady(page);
    const valid = await editorText(page);
    const id = JSON.parse(valid).id as string;
    const text = valid.replace('"renamed"', '"renamed",,');
    const badLine = text.split('\n').findIndex((l) => l.includes('"renamed",,')) + 1;
    await typeJson(page, text);
    await expect.poll(() => editorText(page)).toBe(text);
    expect(await page.locator('[data-testid="editor-json-error"]').innerText()).toMatch(new RegExp(`^JSON: .* at line ${badLine}, column \\d+`));
    expect(await page.locator('[data-testid="editor-status"]').innerText()).toMatch(new RegExp(`^JSON error at line ${badLine}`));
    expect(await page.locator('[data-testid="editor-run"]').isDisabled()).toBe(true);
    await page.goto('about:blank');
    await page.goto(`${harness.baseUrl}?autoplay=0#/scenario/edit/${id}`);
    await jsonReady(page);
    expect(await editorText(page)).toBe(text);
    await page.locator('[data-testid="editor-json-error"] button').click();
    await expect.poll(() => visibleJson(page)).toContain('"renamed",,');
    expect(errors).toEqual([]);
  }, 120_000);
});
