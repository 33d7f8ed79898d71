// Browser benchmark of a long run in the playground, on the `npm run build` output (or the build
// in BROKERLAB_DIST), in real Chromium. Prints one JSON object:
//   events, status, endReason     the run: BENCH_LONG_EVENTS (default 2,000,000) events of the
//                                 order flow with a traffic spike, as a share link could ask
//   streamMs                      from load until the run streamed in whole (or failed)
//   longestBatchMs, batches       the longest wait for one streamed batch, seen by the page
//   endWaitMs                     from the batch before the one with the last events to the run's
//                                 verdict (status done): the last events and the summary (the
//                                 checks), as the page waits for them; polled every 50 ms
//   checkingShown                 what the status said while the checks ran ("checking 2 of 3…"):
//                                 a long run's summary shows progress instead of looking frozen
//   workerRestarts                the watchdog's restarts during the run (0 = it never hung)
//   pageHeapBytesPerEvent         page heap kept per trace event: (heap after − heap before)
//                                 ÷ events, both after a forced GC (CDP HeapProfiler)
//   pageHeapMB                    the page heap after the run
//   checkpointsBytesPerEvent,     what the cursor's checkpoints (projections/state-at.ts) hold and
//   checkpointsFoldMs             cost: a second TraceStates folded over the page's columns, heap
//                                 after − before (forced GC) ÷ events, and the fold's time
//   streamCpuMs                   CPU time of every Chromium process while the run streamed (the
//                                 worker's engine, the page, GC; /proc), less sensitive to load
//   pageTaskCpuMs                 the page's main-thread task time while streaming (CDP, thread ticks)
//   seekP95Ms, seekWorstMs        50 seeks of the cursor to random positions, update + layout
//   playedToEnd, playMs           seek near the end, play at max speed to the last event
//   stepUpdateP95Ms               one step of the cursor near the end, update + layout, p95 of 200 (budget < 16 ms)
//   longestTaskWhilePlayingMs     longest main-thread task (Long Tasks API) while playing (budget < 100 ms)
//   eventsPerSec                  the rate the run streamed at; progress goes to stderr every 30 s,
//                                 and a run that outlasts BENCH_LONG_TIMEOUT_MS is reported as
//                                 status "timeout" with how far it got
//   loadAvg                       the machine's 1-minute load average at the start and the end
// The baseline is the page with the default (small) run loaded.

import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
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

/** CPU milliseconds used so far by every Chromium process of this harness (found by its profile directory). */
function chromiumCpuMs(): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  let root: number | undefined;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(pid, Number(fields[1]));
      cpu.set(pid, Number(fields[11]) + Number(fields[12]));
      if (root === undefined && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--user-data-dir=${profileDir}`) && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=')) root = pid;
    } catch { /* gone */ }
  }
  if (root === undefined) return NaN;
  let ticks = 0;
  for (const pid of cpu.keys()) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) { ticks += cpu.get(pid)!; break; }
    }
  }
  return (ticks * 1000) / 100; // USER_HZ
}

const loadStart = +loadavg()[0]!.toFixed(1);
const harness = await startHarness();
const profileDir = harness.profileDir;
try {
  const page = await harness.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(() => {
    (window as unknown as { longTasks: number[] }).longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as unknown as { longTasks: number[] }).longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${harness.baseUrl}?autoplay=0&expose=1`);
  await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 120_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const taskMs = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value * 1000;
  const before = await heap();
  const cpuBefore = chromiumCpuMs();
  const taskBefore = await taskMs();
  const restartsBefore = await page.evaluate(() => document.querySelectorAll('[data-testid="worker-restarted"]').length);
  const started = Date.now();
  // Watches the end of the run from the page: when the trace last grew (and the time before),
  // when the verdict came (once this run has started streaming: the default run is done already),
  // and what the status said meanwhile.
  await page.evaluate(() => {
    type Watch = { grows: number[]; length: number; started: boolean; doneAt: number | null; checking: string[] };
    const w = window as unknown as { endWatch: Watch; brokerlab: { playground: Pg } };
    const watch: Watch = { grows: [], length: 0, started: false, doneAt: null, checking: [] };
    w.endWatch = watch;
    const timer = setInterval(() => {
      const pg = w.brokerlab.playground;
      const now = performance.now();
      if (pg.length !== watch.length) {
        watch.length = pg.length;
        watch.grows = [...watch.grows.slice(-1), now];
      }
      const status = document.querySelector('[data-testid="run-status"]')?.textContent ?? '';
      if (status.startsWith('checking') && !watch.checking.includes(status)) watch.checking.push(status);
      if (pg.status === 'streaming') watch.started = true;
      if (watch.started && ['done', 'stopped', 'error'].includes(pg.status)) {
        watch.doneAt = now;
        clearInterval(timer);
      }
    }, 50);
  });
  await page.evaluate((s) => (window as unknown as { brokerlab: { playground: Pg } }).brokerlab.playground.load(s, 6), longScenario() as unknown);
  let restarts = 0;
  page.on('console', (m) => { if (/stopped answering|restarted/i.test(m.text())) restarts++; });
  let final: { status: string; events: number } = { status: 'timeout', events: 0 };
  for (;;) {
    final = await page.evaluate(() => {
      const pg = (window as unknown as { brokerlab: { playground: Pg } }).brokerlab.playground;
      return { status: pg.status, events: pg.length };
    });
    if (['done', 'stopped', 'error'].includes(final.status)) break;
    if (Date.now() - started > TIMEOUT_MS) {
      final = { ...final, status: 'timeout' };
      break;
    }
    process.stderr.write(JSON.stringify({ progressSec: Math.round((Date.now() - started) / 1000), ...final }) + '\n');
    await new Promise((r) => setTimeout(r, 30_000));
  }
  const streamMs = Date.now() - started;
  const end = await page.evaluate(async () => {
    const w = window as unknown as { endWatch: { grows: number[]; doneAt: number | null; checking: string[] } };
    for (let i = 0; i < 40 && w.endWatch.doneAt === null; i++) await new Promise((r) => setTimeout(r, 50));
    const { grows, doneAt, checking } = w.endWatch;
    return { endWaitMs: doneAt === null || grows.length < 2 ? null : Math.round(doneAt - grows[0]!), checkingShown: checking };
  });
  const streamCpuMs = Math.round(chromiumCpuMs() - cpuBefore);
  const pageTaskCpuMs = Math.round((await taskMs()) - taskBefore);
  const errorText = await page.locator('[role="alert"]').allInnerTexts();
  const after = await heap();
  const stats = await page.evaluate(() => {
    const run = (window as unknown as { brokerlab: { playground: Pg } }).brokerlab.playground.run;
    return { longestBatchMs: run.longestBatchMs ?? null, batches: run.batches ?? null, endReason: run.summary?.endReason ?? null };
  });
  // What the cursor's checkpoints hold and cost: a second set folded over the same columns.
  const checkpoints = await (async () => {
    const h0 = await heap();
    const foldMs = await page.evaluate(() => {
      const run = (window as unknown as { brokerlab: { playground: { run: { columns: unknown; states: { constructor: new (c: unknown) => { extend(): void } } } } } }).brokerlab.playground.run;
      const t0 = performance.now();
      const second = new run.states.constructor(run.columns);
      second.extend();
      (window as unknown as { secondStates?: unknown }).secondStates = second;
      return performance.now() - t0;
    });
    const h1 = await heap();
    await page.evaluate(() => { delete (window as unknown as { secondStates?: unknown }).secondStates; });
    return { checkpointsBytesPerEvent: Math.round((h1 - h0) / Math.max(1, final.events)), checkpointsFoldMs: Math.round(foldMs) };
  })();
  // Seek to random positions (update + layout each).
  const seeks = await page.evaluate(async () => {
    const w = window as unknown as { brokerlab: { playground: Pg; flushSync(): void } };
    const pg = w.brokerlab.playground;
    const times: number[] = [];
    let x = 12345;
    for (let i = 0; i < 50; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const t0 = performance.now();
      pg.seek(x % (pg.length + 1));
      w.brokerlab.flushSync();
      void document.body.offsetHeight;
      times.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(r));
    }
    return times.sort((a, b) => a - b);
  });
  // Step near the end, then play the last stretch at max speed to the end.
  const steps = await page.evaluate(async () => {
    const w = window as unknown as { brokerlab: { playground: Pg & { step(n: number): void }; flushSync(): void } };
    const pg = w.brokerlab.playground;
    pg.seek(Math.max(0, pg.length - 3300));
    w.brokerlab.flushSync();
    await new Promise((r) => requestAnimationFrame(r));
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      pg.step(1);
      w.brokerlab.flushSync();
      void document.body.offsetHeight;
      times.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(r));
    }
    return times.sort((a, b) => a - b);
  });
  const play = await page.evaluate(async () => {
    const w = window as unknown as { longTasks: number[]; brokerlab: { playground: Pg } };
    const pg = w.brokerlab.playground;
    pg.seek(Math.max(0, pg.length - 3000));
    await new Promise((r) => requestAnimationFrame(r));
    w.longTasks.length = 0;
    pg.playback.setSpeed(99);
    const t0 = performance.now();
    pg.playback.play();
    while (pg.playback.playing && performance.now() - t0 < 60_000) await new Promise((r) => requestAnimationFrame(r));
    await new Promise((r) => setTimeout(r, 50));
    return { playedToEnd: pg.position === pg.length, position: pg.position, playMs: Math.round(performance.now() - t0), longestTaskWhilePlayingMs: Math.round(Math.max(0, ...w.longTasks)), longTasksWhilePlaying: w.longTasks.length };
  });
  console.log(JSON.stringify({
    events: final.events,
    status: final.status,
    endReason: stats.endReason,
    streamMs,
    eventsPerSec: Math.round(final.events / (streamMs / 1000)),
    stepUpdateP95Ms: +(steps[Math.floor(steps.length * 0.95)] ?? 0).toFixed(1),
    longestBatchMs: stats.longestBatchMs === null ? null : Math.round(stats.longestBatchMs),
    batches: stats.batches,
    ...end,
    workerRestarts: restarts + restartsBefore,
    pageHeapBytesPerEvent: Math.round((after - before) / Math.max(1, final.events)),
    pageHeapMB: Math.round(after / 1e6),
    ...checkpoints,
    streamCpuMs,
    pageTaskCpuMs,
    seekP95Ms: +(seeks[Math.floor(seeks.length * 0.95)] ?? 0).toFixed(1),
    seekWorstMs: +(seeks.at(-1) ?? 0).toFixed(1),
    ...play,
    alerts: errorText.slice(0, 3),
    pageErrors: errors.slice(0, 3),
    loadAvg: [loadStart, +loadavg()[0]!.toFixed(1)],
  }, null, 2));
} finally {
  await harness.close();
}
