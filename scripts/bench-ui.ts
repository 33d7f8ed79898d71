// Browser benchmark of the playground on the `npm run build` output, in real Chromium
// (playwright-core, test/browser/harness.ts). Prints JSON figures against the budgets:
//   initialJsGzipKB      JavaScript the page loads before any lazy chunk (budget ≤ 120 KB)
//   workerJsGzipKB       the engine's worker chunk (loaded off the main thread, for reference)
//   firstContentfulPaintMs                                                    (budget < 500 ms)
//   stepUpdateP95Ms      one step of the cursor with 10,000+ messages of history, reactive
//                        update + style + layout, p95 over 200 steps          (budget < 16 ms)
//   longestTaskWhilePlayingMs  longest main-thread task (Long Tasks API) while playing at
//                        "max" speed through a 100,000-event run, at 1280×720 and 1440×900,
//                        from the start of a streamed run and while it streams  (budget < 100 ms)
//   longestTaskCpuWhilePlayingMs  the same tasks' thread (CPU) time from Chromium's trace: what
//                        the page did, without the stretch a busy machine adds; with the tasks
//                        over 16 ms of CPU, and V8's major collections (count, CPU, longest wall)
//   seekP95Ms / seekMaxMs  jumping to random positions of that run            (budget < 200 ms)
// The large run is the default order flow with thousands of orders, loaded through the page's
// `?expose` handle.

import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { startHarness } from '../test/browser/harness';
import { defaultScenario } from '../src/scenarios/index';
import type { Scenario } from '../src/engine/index';

const ORDERS = 5200;
const STEPS = 200;
const SEEKS = 60;
const PLAY_MS = 6000;

function bigScenario(): Scenario {
  const s = structuredClone(defaultScenario);
  s.workload = s.workload.map((w) => (w.kind === 'steady' ? { ...w, count: ORDERS, intervalTicks: 50 } : w));
  return s;
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;

const harness = await startHarness();
try {
  const page = await harness.newPage();
  const scripts: string[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script' && r.url().endsWith('.js')) scripts.push(new URL(r.url()).pathname);
  });
  await page.addInitScript(() => {
    (window as unknown as { longTasks: number[] }).longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as unknown as { longTasks: number[] }).longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${harness.baseUrl}?autoplay=0&expose=1`);
  await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 60_000 });
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);

  const dist = join(process.cwd(), process.env.BROKERLAB_DIST ?? 'dist');
  const gz = (path: string) => gzipSync(readFileSync(join(dist, path.replace(/^\//, '')))).length / 1024;
  const isWorker = (p: string) => /simulator\.worker/.test(p);
  const initialJs = scripts.filter((p) => !isWorker(p));
  const initialJsGzipKB = initialJs.reduce((sum, p) => sum + gz(p), 0);
  const workerJsGzipKB = scripts.filter(isWorker).reduce((sum, p) => sum + gz(p), 0);

  // Load the large run and wait until it has streamed in.
  const loadStart = Date.now();
  const big: unknown = bigScenario();
  await page.evaluate((scenario) => {
    const w = window as unknown as { brokerlab: { playground: { load(s: unknown, seed: number): void } } };
    w.brokerlab.playground.load(scenario, 6);
  }, big);
  await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 300_000 });
  const streamMs = Date.now() - loadStart;
  const sizes = await page.evaluate(() => {
    const pg = (window as unknown as { brokerlab: { playground: { length: number; run: { trace: { kind: string }[] } } } }).brokerlab.playground;
    return { events: pg.length, messages: pg.run.trace.filter((e) => e.kind === 'message.published').length };
  });

  // Per-step update with the history behind the cursor.
  const stepTimes = await page.evaluate(async (steps) => {
    const { playground, flushSync } = (window as unknown as { brokerlab: { playground: { seek(p: number): void; step(n: number): void; length: number }; flushSync(): void } }).brokerlab;
    playground.seek(playground.length - steps - 10);
    flushSync();
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      playground.step(1);
      flushSync();
      void document.body.offsetHeight; // style + layout included
      times.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
    return times;
  }, STEPS);

  // Seeks to random positions (a fixed sequence, so runs compare).
  const seekTimes = await page.evaluate(async (seeks) => {
    const { playground, flushSync } = (window as unknown as { brokerlab: { playground: { seek(p: number): void; length: number }; flushSync(): void } }).brokerlab;
    let x = 12345;
    const times: number[] = [];
    for (let i = 0; i < seeks; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const target = x % (playground.length + 1);
      const t0 = performance.now();
      playground.seek(target);
      flushSync();
      void document.body.offsetHeight;
      times.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
    return times;
  }, SEEKS);

  // Play at max speed from the start; record long tasks and the longest frame. At the two
  // window sizes the issue names, and also pressing play while the run is still streaming in
  // (batches landing on the main thread between frames).
  const playAt = async (width: number, height: number, whileStreaming: boolean) => {
    await page.setViewportSize({ width, height });
    if (whileStreaming) {
      await page.evaluate((scenario) => {
        const w = window as unknown as { brokerlab: { playground: { load(s: unknown, seed: number, f: unknown[], p: number): void } } };
        w.brokerlab.playground.load(scenario, 6, [], 0);
      }, big);
    }
    return page.evaluate(async ({ playMs, whileStreaming }) => {
      const w = window as unknown as { longTasks: number[]; brokerlab: { playground: { seek(p: number): void; position: number; status: string; playback: { playing: boolean; setSpeed(i: number): void; play(): void; pause(): void } } } };
      const pg = w.brokerlab.playground;
      if (!whileStreaming) pg.seek(0);
      await new Promise((r) => requestAnimationFrame(r));
      w.longTasks.length = 0;
      pg.playback.setSpeed(99);
      pg.playback.play();
      let longestFrame = 0;
      let last = performance.now();
      const end = last + playMs;
      while (performance.now() < end && (pg.playback.playing || pg.status !== 'done')) {
        const now: number = await new Promise((r) => requestAnimationFrame(r));
        longestFrame = Math.max(longestFrame, now - last);
        last = now;
      }
      pg.playback.pause();
      await new Promise((r) => setTimeout(r, 50)); // let the observer report the last tasks
      // A diagram that failed to render would make every figure look good: refuse to report one.
      const rowsDrawn = document.querySelectorAll('[data-testid="sequence-diagram"] .row').length;
      if (rowsDrawn === 0) throw new Error('the diagram drew no rows while playing');
      return { longestTask: Math.max(0, ...w.longTasks), longTasks: w.longTasks.length, longestFrame, eventsPlayed: pg.position };
    }, { playMs: PLAY_MS, whileStreaming });
  };
  // Chromium's own trace of the main thread while playing: every task's wall time and its
  // thread (CPU) time. On a loaded machine the wall time of a task stretches with preemption;
  // the thread time is the work the page itself did.
  const cdp = await page.context().newCDPSession(page);
  const traceEvents: { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } }[] = [];
  cdp.on('Tracing.dataCollected', (d) => traceEvents.push(...(d.value as unknown as typeof traceEvents)));
  const traced = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'devtools.timeline'] }, transferMode: 'ReportEvents' });
  const plays: Record<string, Awaited<ReturnType<typeof playAt>>> = {};
  for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
    plays[`${width}x${height}`] = await playAt(width, height, false);
    plays[`${width}x${height} streaming`] = await playAt(width, height, true);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 300_000 });
  }
  await cdp.send('Tracing.end');
  await traced;
  const mainThreads = new Set(traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = traceEvents.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && mainThreads.has(`${e.pid}:${e.tid}`));
  const taskCpuMs = tasks.map((t) => (t.tdur ?? 0) / 1000).sort((a, b) => b - a);
  // V8's major collections on the main thread: their atomic pause waits for helper threads, so on
  // a busy machine they stretch the task they land in more than anything else does.
  const majorGcs = traceEvents.filter((e) => e.ph === 'X' && e.name === 'MajorGC' && mainThreads.has(`${e.pid}:${e.tid}`));
  const playing = Object.values(plays).reduce((a, b) => ({
    longestTask: Math.max(a.longestTask, b.longestTask),
    longTasks: a.longTasks + b.longTasks,
    longestFrame: Math.max(a.longestFrame, b.longestFrame),
    eventsPlayed: a.eventsPlayed,
  }));

  console.log(JSON.stringify({
    initialJsGzipKB: round(initialJsGzipKB),
    initialJsFiles: initialJs.length,
    workerJsGzipKB: round(workerJsGzipKB),
    firstContentfulPaintMs: round(fcp),
    run: { ...sizes, streamMs },
    stepUpdateP95Ms: round(p95(stepTimes)),
    stepUpdateMaxMs: round(Math.max(...stepTimes)),
    longestTaskWhilePlayingMs: round(playing.longestTask),
    longTasksWhilePlaying: playing.longTasks,
    longestTaskCpuWhilePlayingMs: round(taskCpuMs[0] ?? 0),
    tasksOver50MsCpuWhilePlaying: taskCpuMs.filter((d) => d > 50).length,
    tasksOver16MsCpuWhilePlaying: taskCpuMs.filter((d) => d > 16).length,
    majorGcWhilePlaying: { count: majorGcs.length, cpuMs: round(majorGcs.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000), longestMs: round(Math.max(0, ...majorGcs.map((e) => (e.dur ?? 0) / 1000))) },
    longestFrameWhilePlayingMs: round(playing.longestFrame),
    eventsPlayedInMs: { events: playing.eventsPlayed, ms: PLAY_MS },
    playing: Object.fromEntries(Object.entries(plays).map(([k, v]) => [k, { longestTaskMs: round(v.longestTask), longTasks: v.longTasks, longestFrameMs: round(v.longestFrame) }])),
    seekP95Ms: round(p95(seekTimes)),
    seekMaxMs: round(Math.max(...seekTimes)),
  }, null, 2));
} finally {
  await harness.close();
}
