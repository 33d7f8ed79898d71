// The scenario editor's JSON pane and canvas layout in real Chromium: monaco with the scenario's
// JSON Schema underlines what the schema refuses and shows the engine's issues where their path
// points; typing JSON moves the canvas, the canvas's edits come back into the JSON; a dragged
// node stays where it was left after a reload without changing the scenario (its share link, so
// its trace hash, stays the same); a busy scenario's edge labels do not overlap. Screenshots at
// 1280×720 and 1440×900, light and dark, go to /tmp.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { editorJson, editorText, jsonReady, typeJson, visibleJson } from './scenario-json';

const nodeSel = (id: string) => `.svelte-flow__node[data-id="${id}"]`;

describe('scenario JSON pane and canvas layout', () => {
  let harness: Harness;
  let page: Page;
  const errors: string[] = [];
  const laidOut = () => page.locator('[data-testid="scenario-canvas"][data-laid-out="true"]').waitFor({ timeout: 30_000 });
  /** The problems monaco lists, one by one, as F8 (next problem) shows them. */
  const problems = async (count: number) => {
    const seen: string[] = [];
    for (let i = 0; i < count; i++) {
      await page.keyboard.press('F8');
      const widget = page.locator('[data-testid="editor-json-monaco"] .marker-widget');
      await widget.first().waitFor({ timeout: 10_000 });
      seen.push(await widget.first().innerText());
    }
    await page.keyboard.press('Escape');
    return seen.join('\n');
  };

  beforeAll(async () => {
    harness = await startHarness();
    page = await harness.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('JSON typed in monaco moves the canvas, the canvas writes back, the schema and the engine underline what is wrong', async () => {
    await page.goto(`${harness.baseUrl}?autoplay=0#/scenario/new`);
    await page.locator('[data-testid="editor-view-canvas"]').click();
    await jsonReady(page);
    // Canvas → JSON: a queue added on the canvas shows in monaco.
    await page.locator('[data-testid="canvas-add-queue"]').click();
    await expect.poll(() => visibleJson(page)).toContain('"name": "queue-1"');
    // JSON → canvas: a second queue typed into monaco appears as a node.
    const s = await editorJson(page);
    s.entities.push({ type: 'queue', name: 'typed-queue' });
    await typeJson(page, JSON.stringify(s, null, 2));
    await page.locator(nodeSel('ent:typed-queue')).waitFor({ timeout: 10_000 });

    expect((await editorJson(page)).entities.map((e: { name: string }) => e.name)).toEqual(['queue-1', 'typed-queue']);

    // The schema (from the engine's types) underlines what it refuses: a summary that is not text.
    await typeJson(page, JSON.stringify({ ...s, summary: 5 }, null, 2));
    await expect.poll(() => problems(1), { timeout: 15_000 }).toMatch(/Incorrect type\. Expected "string"/);
    // An unknown broker: the schema and the engine both refuse it, and Run is disabled.
    await typeJson(page, JSON.stringify({ ...s, broker: 'nats' }, null, 2));
    await expect.poll(() => problems(1), { timeout: 15_000 }).toMatch(/"generic", "servicebus", "rabbitmq", "kafka"|broker: must be one of/);
    expect(await page.locator('[data-testid="editor-run"]').isDisabled()).toBe(true);

    // An engine issue (a handler consuming a queue that does not exist) is underlined on its line too,
    // and shows on the service's node on the canvas.
    const bad = { ...s, services: [{ name: 'Billing', handlers: [{ name: 'Bill', consumes: 'nowhere', code: { builtin: 'ack' } }] }] };
    await typeJson(page, JSON.stringify(bad, null, 2));
    await expect.poll(() => page.locator(`${nodeSel('svc:Billing')} [data-testid="canvas-node-issue"]`).textContent(), { timeout: 15_000 }).toMatch(/no entity named "nowhere"/);
    await expect.poll(() => problems(1), { timeout: 15_000 }).toMatch(/services\[0\]\.handlers\[0\]\.consumes: no entity named "nowhere"/);
    await page.keyboard.press('F8');
    await page.locator('[data-testid="editor-json-monaco"] .marker-widget').first().waitFor();
    await page.screenshot({ path: '/tmp/scenario-json-issue-1280x720.png' });

    // Invalid JSON: the canvas keeps the last version that parsed, inert, and the text is kept.
    const broken = JSON.stringify(bad, null, 2).replace('"Billing"', '"Billing",,');
    await typeJson(page, broken);
    await page.locator('[data-testid="canvas-stale"]').waitFor({ timeout: 10_000 });
    expect(await page.locator(nodeSel('svc:Billing')).count()).toBe(1);
    expect(await editorText(page)).toBe(broken);
    await page.screenshot({ path: '/tmp/scenario-json-broken-1280x720.png' });
    // Undo in monaco brings the valid text back, and the canvas follows again.
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => page.locator('[data-testid="canvas-stale"]').count(), { timeout: 10_000 }).toBe(0);
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  }, 120_000);

  it('a dragged node stays where it was left after a reload; the scenario, its link and so its hash do not change', async () => {
    await page.goto('about:blank');
    await page.goto(`${harness.baseUrl}?autoplay=0#/scenario/edit/order-flow`);
    await page.locator('[data-testid="editor-view-canvas"]').click();
    await jsonReady(page);
    await laidOut();
    const textBefore = await editorText(page);
    await page.locator('[data-testid="editor-share"]').click();
    const linkBefore = await page.locator('[data-testid="editor-share-input"]').inputValue();
    const node = page.locator(nodeSel('workload'));
    const transform = () => node.evaluate((el) => (el as HTMLElement).style.transform);
    const before = await transform();
    const box = (await node.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 90, box.y + 10 + 40, { steps: 6 });
    await page.mouse.up();
    await expect.poll(transform).not.toBe(before);
    const moved = await transform();
    expect(await editorText(page)).toBe(textBefore);
    await page.locator('[data-testid="editor-share"]').click();
    expect(await page.locator('[data-testid="editor-share-input"]').inputValue()).toBe(linkBefore);

    // The same address again (the edited built-in is kept as the draft `order-flow`).
    await page.goto('about:blank');
    await page.goto(`${harness.baseUrl}?autoplay=0#/scenario/edit/order-flow`);
    await jsonReady(page);
    await laidOut();
    expect(await transform()).toBe(moved);
    // Auto layout forgets it.
    await page.locator('[data-testid="canvas-auto-layout"]').click();
    await expect.poll(transform).toBe(before);
  }, 90_000);

  it('a busy scenario\'s edge labels do not overlap', async () => {
    for (const id of ['rabbitmq-routing', 'saga-orchestrated', 'servicebus-forwarding']) {
      await page.goto('about:blank');
      await page.goto(`${harness.baseUrl}?autoplay=0#/scenario/edit/${id}`);
      await page.locator('[data-testid="editor-view-canvas"]').click();
      await laidOut();
      await page.waitForTimeout(300); // fitView's transition
      const boxes = await page.locator('.svelte-flow__edge-label').evaluateAll((els) => els.map((el) => {
        const r = el.getBoundingClientRect();
        return { text: el.textContent ?? '', x: r.x, y: r.y, w: r.width, h: r.height };
      }));
      expect(boxes.length).toBeGreaterThan(2);
      const overlapping = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1).map((b) => `${a.text} × ${b.text}`));
      expect(overlapping, id).toEqual([]);
      if (id === 'rabbitmq-routing') {
        for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
          for (const scheme of ['light', 'dark'] as const) {
            await page.setViewportSize({ width, height });
            await page.emulateMedia({ colorScheme: scheme });
            await page.waitForTimeout(200);
            await page.screenshot({ path: `/tmp/scenario-json-${width}x${height}-${scheme}.png` });
          }
        }
        await page.emulateMedia({ colorScheme: 'light' });
        await page.setViewportSize({ width: 1280, height: 720 });
      }
    }
  }, 120_000);
});
