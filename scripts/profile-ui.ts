// What the playground's longest main-thread tasks are made of while it plays: the bench:ui run
// (the order flow with 5,200 orders), played at "max" from the start at 1280×720 (PROFILE_SIZE,
// e.g. 1440x900) with a tab of the side panel open (PROFILE_TAB: inspector, metrics or logs), and
// with PROFILE_STREAMING=1 pressed while the run still streams in, under Chromium's trace and its
// sampling profiler at once. Prints, for the PROFILE_TOP longest tasks by thread (CPU) time,
// what ran inside them: the trace's own phases (script, style, layout, paint, GC; a forced
// layout with the script line that forced it) and the functions the profiler sampled most
// (self time). A tool for finding causes, not a benchmark: its numbers are not budgets.

import { startHarness } from '../test/browser/harness';
import { openBigRun, playAtMax } from './ui-big-run';

const ORDERS = Number(process.env.PROFILE_ORDERS ?? 5200);
const PLAY_MS = Number(process.env.PROFILE_PLAY_MS ?? 6000);
const TOP = Number(process.env.PROFILE_TOP ?? 5);
const TAB = process.env.PROFILE_TAB ?? 'inspector';
const STREAMING = process.env.PROFILE_STREAMING === '1';
const [WIDTH, HEIGHT] = (process.env.PROFILE_SIZE ?? '1280x720').split('x').map(Number) as [number, number];

interface TraceEvent { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string; beginData?: { stackTrace?: { functionName: string; url: string; lineNumber: number; columnNumber: number }[] }; data?: { stackTrace?: { functionName: string; url: string; lineNumber: number }[] } } }
interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

const round = (n: number) => Math.round(n * 10) / 10;
const harness = await startHarness();
try {
  const { page, load } = await openBigRun(harness, { orders: ORDERS, width: WIDTH, height: HEIGHT, streaming: STREAMING, tab: TAB });
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as TraceEvent[])));
  const traced = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'] }, transferMode: 'ReportEvents' });
  await cdp.send('Profiler.start');
  if (STREAMING) await load();
  const played = await playAtMax(page, PLAY_MS, STREAMING);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  await cdp.send('Tracing.end');
  await traced;

  const mainThreads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => mainThreads.has(`${e.pid}:${e.tid}`) && e.ph === 'X');
  // The task that starts the sampling profiler is the profiler's, not the page's.
  const profilerStarts = onMain.filter((e) => e.name === 'CpuProfiler::StartProfiling');
  const tasks = onMain
    .filter((e) => e.name === 'ThreadControllerImpl::RunTask' && !profilerStarts.some((p) => p.ts >= e.ts && p.ts <= e.ts + (e.dur ?? 0)))
    .sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0));
  const firstTs = Math.min(...onMain.map((e) => e.ts));

  // Samples with their times, on the trace's clock (both are microseconds of the same monotonic clock).
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const sampleTimes: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) sampleTimes.push((t += d));
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const PHASES = ['FunctionCall', 'EvaluateScript', 'FireAnimationFrame', 'TimerFire', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'V8.GC_MARK_COMPACTOR', 'v8.run', 'ParseHTML', 'HitTest', 'ScrollLayer', 'UpdateLayer', 'IntersectionObserverController::computeIntersections', 'ResizeObserverController::NotifyObservers'];
  const report = tasks.slice(0, TOP).map((task) => {
    const from = task.ts;
    const to = task.ts + (task.dur ?? 0);
    const inside = onMain.filter((e) => e !== task && e.ts >= from && e.ts + (e.dur ?? 0) <= to);
    const phases: Record<string, { ms: number; cpuMs: number; n: number }> = {};
    for (const e of inside) {
      if (!PHASES.includes(e.name)) continue;
      const p = (phases[e.name] ??= { ms: 0, cpuMs: 0, n: 0 });
      p.ms += (e.dur ?? 0) / 1000;
      p.cpuMs += (e.tdur ?? 0) / 1000;
      p.n++;
    }
    const forced = inside.filter((e) => e.name === 'Layout' || e.name === 'UpdateLayoutTree').flatMap((e) => {
      const st = e.args?.beginData?.stackTrace ?? e.args?.data?.stackTrace;
      return st?.length ? [`${e.name} ${round((e.dur ?? 0) / 1000)} ms forced by ${st.slice(0, 3).map((f) => `${f.functionName || '(anon)'}@${f.url.split('/').pop()}:${f.lineNumber + 1}`).join(' < ')}`] : [];
    });
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    let samples = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      const st = sampleTimes[i]!;
      if (st < from || st > to) continue;
      samples++;
      const leaf = byId.get(profile.samples[i]!)!;
      self.set(name(leaf), (self.get(name(leaf)) ?? 0) + 1);
      const seen = new Set<string>();
      for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
        const k = name(byId.get(id)!);
        if (seen.has(k)) continue;
        seen.add(k);
        total.set(k, (total.get(k) ?? 0) + 1);
      }
    }
    const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${Math.round((100 * v) / Math.max(1, samples))}% ${k}`);
    // Every other event inside, by name (what the phases above do not name: a message from the
    // worker, a V8 phase, a timer), and when the task began after the first one traced.
    const others = new Map<string, number>();
    for (const e of inside) if (!PHASES.includes(e.name)) others.set(e.name, (others.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    return {
      atMs: round((task.ts - firstTs) / 1000),
      wallMs: round((task.dur ?? 0) / 1000), cpuMs: round((task.tdur ?? 0) / 1000),
      otherEvents: [...others].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${round(v)} ms`),
      phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, { ms: round(v.ms), cpuMs: round(v.cpuMs), n: v.n }])),
      forcedLayouts: forced.slice(0, 5),
      samples, selfTop: top(self, 14), totalTop: top(total, 22),
    };
  });
  const cpu = tasks.map((x) => (x.tdur ?? 0) / 1000);
  console.log(JSON.stringify({ tab: TAB, size: `${WIDTH}x${HEIGHT}`, streaming: STREAMING, eventsPlayed: played, tasks: tasks.length, over50MsCpu: cpu.filter((c) => c > 50).length, over16MsCpu: cpu.filter((c) => c > 16).length, longest: report }, null, 2));
} finally {
  await harness.close();
}
