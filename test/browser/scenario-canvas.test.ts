// The scenario editor's canvas in real Chromium: from a blank page, add a queue and two services
// with the canvas's buttons and connect them by dragging between handles (producer → queue →
// consumer); the JSON follows, the scenario runs, and its share link replays with the same trace
// hash in a cleared browser. Then rename the queue in the selected node's form: the consumer's
// node shows the engine's issue, its form field too, and Run is disabled. Screenshots at
// 1280×720 and 1440×900, light and dark, go to /tmp.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { editorText, jsonReady } from './scenario-json';

const nodeSel = (id: string) => `.svelte-flow__node[data-id="${id}"]`;

async function drag(page: Page, from: string, to: string) {
  const a = await page.locator(`${nodeSel(from)} .svelte-flow__handle.source`).boundingBox();
  const b = await page.locator(`${nodeSel(to)} .svelte-flow__handle.target`).boundingBox();
  if (!a || !b) throw new Error(`no handles for ${from} → ${to}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 4 });
  await page.mouse.up();
}

describe('scenario canvas', () => {
  let harness: Harness;
  let page: Page;
  const errors: string[] = [];
  const hashShown = (p: Page) => p.locator('[data-testid="trace-hash"]').getAttribute('data-hash');
  const json = async () => JSON.parse(await editorText(page));
  const laidOut = () => page.locator('[data-testid="scenario-canvas"][data-laid-out="true"]').waitFor({ timeout: 20_000 });

  beforeAll(async () => {
    harness = await startHarness();
    page = await harness.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('builds producer → queue → consumer on the canvas, runs it, and its link replays in a cleared browser', async () => {
    await page.goto(`${harness.baseUrl}?autoplay=0#/scenario/new`);
    await page.locator('[data-testid="scenario-canvas"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="canvas-add-queue"]').click();
    await page.locator('[data-testid="canvas-add-service"]').click();
    await page.locator('[data-testid="canvas-add-service"]').click();
    await laidOut();
    await drag(page, 'svc:Service-1', 'ent:queue-1');
    await expect.poll(async () => (await json()).messages.length, { timeout: 10_000 }).toBe(1);
    await laidOut();
    await drag(page, 'ent:queue-1', 'svc:Service-2');
    await expect.poll(async () => (await json()).services[1].handlers.length, { timeout: 10_000 }).toBe(1);
    const s = await json();
    expect(s.services[0].handlers[0].name).toBe('PublishQueue1Requested');
    expect(s.services[1].handlers[0].consumes).toBe('queue-1');
    expect(s.workload[0]).toMatchObject({ service: 'Service-1', handler: 'PublishQueue1Requested' });
    expect(await page.locator('[data-testid="editor-status"]').innerText()).toMatch(/^valid/);
    await laidOut();
    // Both edges are drawn from the scenario, and selecting a node shows its form.
    expect(await page.locator('.svelte-flow__edge').count()).toBe(3); // publishes, consumes, workload call
    await page.locator(nodeSel('ent:queue-1')).click();
    await page.locator('[data-testid="form-focus"]').waitFor();
    expect(await page.getByLabel('Name of entity 1').inputValue()).toBe('queue-1');

    for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: `/tmp/scenario-canvas-${width}x${height}-${scheme}.png` });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.locator('[data-testid="editor-share"]').click();
    const link = await page.locator('[data-testid="editor-share-input"]').inputValue();
    await page.locator('[data-testid="editor-run"]').click();
    await page.locator('[data-testid="consent-run"]').click({ timeout: 30_000 });
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    const hash = await hashShown(page);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);

    await page.evaluate(() => localStorage.clear());
    const fresh = await harness.newPage();
    await fresh.goto(link);
    await fresh.locator('[data-testid="consent-run"]').click({ timeout: 30_000 });
    await expect.poll(() => hashShown(fresh), { timeout: 60_000 }).toBe(hash);
    await fresh.close();
  }, 180_000);

  it('a broken field shows its issue on the node it concerns and on the field; Run is disabled', async () => {
    await page.goto('about:blank');
    await page.goto(`${harness.baseUrl}?autoplay=0#/scenario/new`);
    await page.locator('[data-testid="canvas-add-queue"]').click();
    await page.locator('[data-testid="canvas-add-service"]').click();
    await laidOut();
    await drag(page, 'ent:queue-1', 'svc:Service-1');
    await expect.poll(async () => (await json()).services[0].handlers.length, { timeout: 10_000 }).toBe(1);
    await laidOut();
    await page.locator(nodeSel('ent:queue-1')).click();
    await page.getByLabel('Name of entity 1').fill('renamed');
    const issue = page.locator(`${nodeSel('svc:Service-1')} [data-testid="canvas-node-issue"]`);
    await expect.poll(() => issue.textContent(), { timeout: 10_000 }).toMatch(/no entity named "queue-1"/);
    expect(await page.locator('[data-testid="editor-run"]').isDisabled()).toBe(true);
    await laidOut();
    await page.locator(nodeSel('svc:Service-1')).click();
    expect(await page.locator('[data-testid="error-services-0-handlers-0"]').textContent()).toMatch(/no entity named "queue-1"/);
    await page.screenshot({ path: '/tmp/scenario-canvas-error-1280x720.png' });
    // Connecting two services is refused with a reason, and nothing changes.
    const before = await editorText(page);
    await page.locator('[data-testid="canvas-add-service"]').click();
    await laidOut();
    await drag(page, 'svc:Service-1', 'svc:Service-2');
    expect(await page.locator('[data-testid="canvas-message"]').innerText()).toMatch(/through the broker/);
    expect(JSON.parse(await editorText(page)).services).toHaveLength(JSON.parse(before).services.length + 1);
    expect(errors).toEqual([]);
  }, 90_000);
});
