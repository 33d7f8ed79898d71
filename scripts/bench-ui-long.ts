// Browser benchmark of a long run in the playground, on the `npm run build` output (or the build
// in BROKERLAB_DIST), in real Chromium. Prints one JSON object:
//   events, status, endReason     the run: BENCH_LONG_EVENTS (default 2,000,000) events of the
//                                 order flow with a traffic spike, as a share link could ask
//   streamMs                      from load until the run streamed in whole (or failed)
//   longestBatchMs, batches       the longest wait for one streamed batch, seen by the page
//   workerRestarts                the watchdog's restarts during the run (0 = it never hung)
//   pageHeapBytesPerEvent         page heap kept per trace event: (heap after − heap before)
//                                 ÷ events, both after a forced GC (CDP HeapProfiler)
//   pageHeapMB                    the page heap after the run
//   playedToEnd, playMs           seek near the end, play at max speed to the last event
// The baseline is the page with the default (small) run loaded.

import { startHarness } from '../test/browser/harness';
import { defaultScenario } from '../src/scenarios/index';
import type { Scenario } from '../src/engine/index';

const EVENTS = Number(process.env.BENCH_LONG_EVENTS ?? 2_000_000);
const TIMEOUT_MS = Number(process.env.BENCH_LONG_TIMEOUT_MS ?? 45 * 60_000);

/** The order flow, ten steady streams of 10,000 orders and a 10,000-request spike (the engine's ceilings per entry). */
function longScenario(): Scenario {
  const s = structuredClone(defaultScenario);
  const steady = s.workload.find((w) => w.kind === 'steady')!;
  s.workload = [
    ...s.workload.filter((w) => w.kind !== 'steady'),
    ...Array.from({ length: 10 }, (_, i) => ({ ...steady, count: 10_000, intervalTicks: 200, startTick: i * 20, body: { ...(steady.body as object), orderId: `order-${i}-{n}` } })),
  ];
  s.faults = [...(s.faults ?? []), { type: 'traffic-spike', service: 'Ordering', handler: 'PlaceOrder', atTick: 500, count: 10_000, intervalTicks: 50 }];
  s.limits = { ...s.limits, eventsMax: EVENTS, ticksMax: 86_400_000 };
  return s;
}

type Pg = { status: string; length: number; position: number; atEnd?: boolean; seek(p: number): void; load(s: unknown, seed: number): void; run: { longestBatchMs?: number; batches?: number; summary: { endReason: string } | null }; playback: { playing: boolean; setSpeed(i: number): void; play(): void; pause(): void } };

const harness = await startHarness();
try {
  const page = await harness.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${harness.baseUrl}?autoplay=0&expose=1`);
  await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 120_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const before = await heap();
  const restartsBefore = await page.evaluate(() => document.querySelectorAll('[data-testid="worker-restarted"]').length);
  const started = Date.now();
  await page.evaluate((s) => (window as unknown as { brokerlab: { playground: Pg } }).brokerlab.playground.load(s, 6), longScenario() as unknown);
  let restarts = 0;
  page.on('console', (m) => { if (/stopped answering|restarted/i.test(m.text())) restarts++; });
  const final = await page.waitForFunction(() => {
    const pg = (window as unknown as { brokerlab: { playground: Pg } }).brokerlab.playground;
    return ['done', 'stopped', 'error'].includes(pg.status) ? { status: pg.status, events: pg.length } : null;
  }, null, { timeout: TIMEOUT_MS, polling: 1000 }).then(async (h) => (await h.jsonValue())!);
  const streamMs = Date.now() - started;
  const errorText = await page.locator('[role="alert"]').allInnerTexts();
  const after = await heap();
  const stats = await page.evaluate(() => {
    const run = (window as unknown as { brokerlab: { playground: Pg } }).brokerlab.playground.run;
    return { longestBatchMs: run.longestBatchMs ?? null, batches: run.batches ?? null, endReason: run.summary?.endReason ?? null };
  });
  // Play the last stretch at max speed to the end.
  const play = await page.evaluate(async () => {
    const pg = (window as unknown as { brokerlab: { playground: Pg } }).brokerlab.playground;
    pg.seek(Math.max(0, pg.length - 3000));
    await new Promise((r) => requestAnimationFrame(r));
    pg.playback.setSpeed(99);
    const t0 = performance.now();
    pg.playback.play();
    while (pg.playback.playing && performance.now() - t0 < 60_000) await new Promise((r) => requestAnimationFrame(r));
    return { playedToEnd: pg.position === pg.length, position: pg.position, playMs: Math.round(performance.now() - t0) };
  });
  console.log(JSON.stringify({
    events: final.events,
    status: final.status,
    endReason: stats.endReason,
    streamMs,
    longestBatchMs: stats.longestBatchMs === null ? null : Math.round(stats.longestBatchMs),
    batches: stats.batches,
    workerRestarts: restarts + restartsBefore,
    pageHeapBytesPerEvent: Math.round((after - before) / Math.max(1, final.events)),
    pageHeapMB: Math.round(after / 1e6),
    ...play,
    alerts: errorText.slice(0, 3),
    pageErrors: errors.slice(0, 3),
  }, null, 2));
} finally {
  await harness.close();
}
