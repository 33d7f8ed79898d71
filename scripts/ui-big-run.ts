// The big run the UI profilers play: bench:ui's order flow with thousands of orders, opened in a
// harness page at a given size, loaded now or (streaming) at the moment the profiler is ready,
// then played at "max" from the start for a while. Shared by profile-ui.ts (what long tasks are
// made of) and profile-ui-alloc.ts (what playing allocates), so both measure the same thing.

import type { Page } from 'playwright-core';
import { defaultScenario } from '../src/scenarios/index';
import type { Scenario } from '../src/engine/index';
import type { startHarness } from '../test/browser/harness';

type Harness = Awaited<ReturnType<typeof startHarness>>;

/** The order flow with `orders` orders, one every 50 ms. */
export function bigScenario(orders: number): Scenario {
  const s = structuredClone(defaultScenario);
  s.workload = s.workload.map((w) => (w.kind === 'steady' ? { ...w, count: orders, intervalTicks: 50 } : w));
  return s;
}

/**
 * A page at `width`×`height` on the playground; unless `streaming`, the big run is loaded and
 * streamed in to the end. `load` loads it (call it once the profiler runs, when streaming).
 */
export async function openBigRun(harness: Harness, o: { orders: number; width: number; height: number; streaming: boolean; tab?: string }): Promise<{ page: Page; load: () => Promise<void> }> {
  const page = await harness.newPage();
  await page.setViewportSize({ width: o.width, height: o.height });
  await page.goto(`${harness.baseUrl}?autoplay=0&expose=1`);
  await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 60_000 });
  if (o.tab && o.tab !== 'inspector') await page.locator(`[data-testid="tab-${o.tab}"]`).click();
  const big: unknown = bigScenario(o.orders);
  const load = () => page.evaluate((scenario) => {
    const w = window as unknown as { brokerlab: { playground: { load(s: unknown, seed: number, f: unknown[], p: number): void } } };
    w.brokerlab.playground.load(scenario, 6, [], 0);
  }, big);
  if (!o.streaming) {
    await load();
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 300_000 });
  }
  return { page, load };
}

/** Plays at "max" (from the start unless streaming) for `playMs` or to the end; returns the position reached. */
export function playAtMax(page: Page, playMs: number, streaming: boolean): Promise<number> {
  return page.evaluate(async ({ playMs, streaming }) => {
    const w = window as unknown as { brokerlab: { playground: { seek(p: number): void; position: number; status: string; playback: { playing: boolean; setSpeed(i: number): void; play(): void; pause(): void } } } };
    const pg = w.brokerlab.playground;
    if (!streaming) pg.seek(0);
    await new Promise((r) => requestAnimationFrame(r));
    pg.playback.setSpeed(99);
    pg.playback.play();
    const end = performance.now() + playMs;
    while (performance.now() < end && (pg.playback.playing || pg.status !== 'done')) await new Promise((r) => requestAnimationFrame(r));
    pg.playback.pause();
    return pg.position;
  }, { playMs, streaming });
}
