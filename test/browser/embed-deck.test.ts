// The example deck (public/deck.html) in real Chromium: it embeds two scenarios with
// steps=key; postMessage commands move an embed, which reports its position; the diagram shows
// exactly the steps reported; → steps a slide by key moments — each stop the moment's own row
// and caption, a handful of presses per slide — and then changes slides; and the embed pages
// load no monaco (nor mermaid). Screenshots go to test-results/ for a person to look at.

import { mkdirSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { runScenario } from '../../src/engine/index';
import { findScenario } from '../../src/scenarios/index';
import { scenarioGuide } from '../../src/scenarios/guides/index';
import { findKeyMoments } from '../../src/projections/key-moments';

interface Report { type: string; id: string; position: number; total: number; event: number; caption: string; moment: string | null }

/** The key moments the embed of a built-in scenario should stop at, computed in Node. */
function momentsOf(id: string) {
  const scenario = findScenario(id)!;
  const { trace } = runScenario(scenario, { seed: scenario.seeds?.[0] ?? 42 });
  return findKeyMoments(trace, scenarioGuide(id)?.moments ?? []);
}

describe('example deck with embedded runs', () => {
  let harness: Harness;
  let page: Page;
  const requests: string[] = [];
  const errors: string[] = [];

  const report = (id: string) => page.evaluate((x) => (window as unknown as { brokerlabDeck: { positions: Record<string, Report> } }).brokerlabDeck.positions[x] ?? null, id);
  const embedFrame = (id: string): Frame => page.frames().find((f) => f.url().includes(`id=${id}`))!;
  const post = (id: string, command: unknown) => page.evaluate(([x, c]) => (document.getElementById(x as string) as HTMLIFrameElement).contentWindow!.postMessage(c, '*'), [id, command] as const);
  const drawnRows = (frame: Frame) => frame.locator('[data-testid="embed-diagram"] g.arrow, [data-testid="embed-diagram"] g.note').count();

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    harness = await startHarness();
    page = await harness.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${harness.baseUrl}deck.html`);
    await page.waitForFunction(() => {
      const p = (window as unknown as { brokerlabDeck: { positions: Record<string, unknown> } }).brokerlabDeck.positions;
      return p['order-flow'] && p.saga;
    }, null, { timeout: 30_000 });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('reports ready at step 0 with the run\'s total', async () => {
    const r = (await report('order-flow'))!;
    expect(r.position).toBe(0);
    expect(r.total).toBeGreaterThan(10);
  });

  it('goes to a step by postMessage and draws exactly the steps reported', async () => {
    await page.keyboard.press('ArrowRight'); // to the order-flow slide
    await post('order-flow', { type: 'goto', position: 3 });
    await expect.poll(async () => (await report('order-flow'))?.position).toBe(3);
    const frame = embedFrame('order-flow');
    await expect.poll(() => drawnRows(frame)).toBe(3);
    expect(await frame.locator('[data-testid="embed-diagram"]').getAttribute('data-step')).toBe('3');

    await post('order-flow', { type: 'brokerlab:goto', position: 12 });
    await expect.poll(async () => (await report('order-flow'))?.position).toBe(12);
    await expect.poll(() => drawnRows(frame)).toBe(12);
    const r = (await report('order-flow'))!;
    expect(r.event).toBeGreaterThan(12);
    expect(r.caption.length).toBeGreaterThan(5);
    expect(await frame.locator('[data-testid="embed-caption"]').innerText()).toBe(r.caption);
  });

  it('steps a slide by key moments: each stop is the moment\'s own row and caption, then the end', async () => {
    const moments = momentsOf('order-flow');
    expect(moments.length).toBeGreaterThanOrEqual(3);
    await post('order-flow', { type: 'goto', position: 0 });
    await expect.poll(async () => (await report('order-flow'))?.position).toBe(0);
    const frame = embedFrame('order-flow');
    for (const m of moments) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(async () => (await report('order-flow'))?.event, { message: m.label }).toBe(m.position);
      const r = (await report('order-flow'))!;
      expect(r.moment).toBe(m.label);
      expect(r.caption).toContain(m.caption);
      expect(await frame.locator('[data-testid="embed-caption"]').innerText()).toBe(r.caption);
      await expect.poll(() => drawnRows(frame)).toBe(r.position);
    }
    await page.waitForTimeout(500); // the smooth scroll
    await page.screenshot({ path: 'test-results/embed-deck-order-flow.png' });
    // At most one more press shows the end of the run, the next one changes slides: a handful in all.
    const last = (await report('order-flow'))!;
    if (last.position < last.total) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(async () => { const r = await report('order-flow'); return r && r.position === r.total; }).toBe(true);
      expect((await report('order-flow'))!.moment).toBeNull();
      await page.keyboard.press('ArrowLeft');
      await expect.poll(async () => (await report('order-flow'))?.moment).toBe(moments.at(-1)!.label);
    }
    expect(moments.length + 2).toBeLessThanOrEqual(10);
  });

  it('plays and pauses on command', async () => {
    await post('order-flow', { type: 'goto', position: 0 });
    await post('order-flow', 'play');
    await expect.poll(async () => (await report('order-flow'))?.position, { timeout: 10_000 }).toBeGreaterThan(0);
    await post('order-flow', 'pause');
    const paused = (await report('order-flow'))!.position;
    await page.waitForTimeout(1500);
    expect((await report('order-flow'))!.position).toBe(paused);
  });

  it('steps with the arrow keys, then moves on to the next slide at the end', async () => {
    await post('order-flow', { type: 'goto', position: 0 });
    await expect.poll(async () => (await report('order-flow'))?.position).toBe(0);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await report('order-flow'))?.event).toBe(momentsOf('order-flow')[0]!.position);
    const total = (await report('order-flow'))!.total;
    await post('order-flow', { type: 'goto', position: total });
    await expect.poll(async () => (await report('order-flow'))?.position).toBe(total);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('[data-testid="slide-2"]').isVisible()).toBe(true);
    const sagaMoments = momentsOf('saga-orchestrated');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await report('saga'))?.moment).toBe(sagaMoments[2]!.label);
    expect((await report('saga'))!.event).toBe(sagaMoments[2]!.position);
    const saga = embedFrame('saga');
    expect(await saga.locator('[data-testid="embed-topology"]').isVisible()).toBe(true);
    expect(await saga.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.waitForTimeout(500);
    await page.screenshot({ path: 'test-results/embed-deck-saga-dark.png' });
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await report('saga'))?.moment).toBe(sagaMoments[1]!.label);
  });

  it('loads no monaco, no mermaid and no errors in the embeds', () => {
    expect(requests.some((u) => u.includes('embed.html'))).toBe(true);
    expect(requests.filter((u) => /monaco|editor\.(main|worker)|mermaid/i.test(u))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
