// Benchmarks: prints one JSON line per measure, each with `name` and its figure.
//   queue-traced    messages/s through one queue, 8 concurrent handlers, 200,000 messages, trace kept
//   queue-untraced  the same without keeping the trace
//   bare-heap       a bare binary-heap event loop doing publish → deliver → ack, nothing else;
//                   the traced run's ratio to it is printed with queue-traced; every queue line
//                   has wall ms and CPU ms (cpuMs, msgsPerCpuSec, ratioToBareCpu: this process's
//                   CPU time, steadier than wall time when other work loads the machine)
//   seek-middle     ms to seek to the middle of a 1,000,000-event run, and the slowest of 20 random
//                   seeks, once its checkpoints exist (the one pass that makes them is printed too)
//   broker-*        the same queue workload on each broker model, untraced, with its ratio to generic
//   realm-*         the handler realm: creating one, the default scenario, every lesson's checks (bench-realm.ts)
//   trace-memory, seek-page, run-summary, crash-sweep, lesson-check, long-run (BENCH_LONG=1)   the engine at scale (bench-scale.ts)
//   lab-*, compare-* the retry-policy lab (every policy × 20 seeds) and the broker comparison (bench-explore.ts)
// BENCH_ONLY=queue prints the first three lines only, BENCH_ONLY=trace-memory that line only,
// BENCH_ONLY=scale the issue-19 lines (trace-memory, seek-page, run-summary, crash-sweep, lesson-check, long-run with BENCH_LONG=1),
// BENCH_ONLY=seek-page or run-summary that line only.
// Figures, not assertions: timing belongs here, not in unit tests. `npm run bench` bundles this
// file with esbuild first, as the site's build does for the worker, so the engine is measured as
// it runs in the browser (tsx's on-the-fly transform adds per-function overhead).

import { EventQueue, Simulation, type Scenario } from '../src/engine/index';
import { queueScenario } from './bench-scenario';
import { benchBrokers } from './bench-brokers';
import { benchRealm } from './bench-realm';
import { benchExplore } from './bench-explore';
import { loadHandlerRealmInNode } from '../src/realm/node';
import { crashSweep, lessonCheck, longRun, longRunHere, runSummary, seekPage, traceMemory } from './bench-scale';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);
const SEEK_EVENTS = Number(process.env.BENCH_SEEK_EVENTS ?? 1_000_000);

function print(line: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(line) + '\n');
}

/** CPU milliseconds of this process since `since` (less sensitive than wall time to a loaded machine). */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function timeRun(scenario: Scenario, recordTrace: boolean): { ms: number; cpuMs: number; events: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const sim = new Simulation(scenario, { recordTrace });
  sim.runToEnd();
  return { ms: performance.now() - start, cpuMs: cpuMsSince(cpu), events: sim.world.trace.length };
}

/** The fastest of `runs` by wall time, and separately the least CPU time of them. */
function best(runs: number, fn: () => { ms: number; cpuMs: number; events: number }) {
  let top = fn();
  let cpuMs = top.cpuMs;
  for (let i = 1; i < runs; i++) {
    const r = fn();
    if (r.ms < top.ms) top = r;
    cpuMs = Math.min(cpuMs, r.cpuMs);
  }
  return { ...top, cpuMs };
}

/** publish → deliver → ack on a bare heap: the floor any simulator pays. */
function bareHeap(count: number): { ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const q = new EventQueue();
  let acked = 0;
  let inFlight = 0;
  const ready: number[] = [];
  const pump = (tick: number) => {
    while (inFlight < 8 && ready.length > 0) {
      const m = ready.pop()!;
      inFlight++;
      q.push(tick, () => {
        inFlight--;
        acked += m >= 0 ? 1 : 0;
        pump(tick);
      });
    }
  };
  for (let i = 0; i < count; i++) q.push(0, () => { ready.push(i); pump(0); });
  for (let item = q.pop(); item; item = q.pop()) item.run();
  if (acked !== count) throw new Error('bare heap lost messages');
  return { ms: performance.now() - start, cpuMs: cpuMsSince(cpu) };
}

async function main(): Promise<void> {
  await loadHandlerRealmInNode();
  const only = process.env.BENCH_ONLY;
  if (only === 'long-run') return print(longRunHere()); // the child longRun starts
  if (only === 'trace-memory') return print(traceMemory());
  if (only === 'seek-page') return print(seekPage());
  if (only === 'run-summary') return print(runSummary());
  if (only === 'scale') {
    // the issue-19 lines alone: trace-memory, seek-page, run-summary, crash-sweep, lesson-check (and long-run with BENCH_LONG=1)
    print(traceMemory());
    print(seekPage());
    print(runSummary());
    print(crashSweep());
    print(await lessonCheck());
    if (process.env.BENCH_LONG === '1') print(longRun(process.argv[1]!));
    return;
  }
  const scenario = queueScenario(MESSAGES);
  timeRun(queueScenario(20_000), true); // warm up the JIT
  const bares = [bareHeap(MESSAGES), bareHeap(MESSAGES), bareHeap(MESSAGES)];
  const bareMs = Math.min(...bares.map((b) => b.ms));
  const bareCpuMs = Math.min(...bares.map((b) => b.cpuMs));
  const bareRate = Math.round(MESSAGES / (bareMs / 1000));
  const bareCpuRate = MESSAGES / (bareCpuMs / 1000);
  // ratioToBare by wall time (the figure) and by CPU time (steadier when others load the machine)
  const rates = (r: { ms: number; cpuMs: number }) => ({
    msgsPerSec: Math.round(MESSAGES / (r.ms / 1000)),
    ratioToBare: +(MESSAGES / (r.ms / 1000) / bareRate).toFixed(3),
    msgsPerCpuSec: Math.round(MESSAGES / (r.cpuMs / 1000)),
    ratioToBareCpu: +(MESSAGES / (r.cpuMs / 1000) / bareCpuRate).toFixed(3),
  });
  print({ name: 'bare-heap', messages: MESSAGES, ms: Math.round(bareMs), cpuMs: Math.round(bareCpuMs), msgsPerSec: bareRate, msgsPerCpuSec: Math.round(bareCpuRate) });
  const traced = best(3, () => timeRun(scenario, true));
  print({ name: 'queue-traced', messages: MESSAGES, events: traced.events, ms: Math.round(traced.ms), cpuMs: Math.round(traced.cpuMs), ...rates(traced) });
  const untraced = best(3, () => timeRun(scenario, false));
  print({ name: 'queue-untraced', messages: MESSAGES, events: untraced.events, ms: Math.round(untraced.ms), cpuMs: Math.round(untraced.cpuMs), ...rates(untraced) });
  if (only === 'queue') return;

  const seekMessages = Math.ceil(SEEK_EVENTS / (traced.events / MESSAGES));
  const sim = new Simulation(queueScenario(seekMessages), { recordTrace: true });
  sim.runToEnd();
  const length = sim.world.trace.length;
  const middle = Math.floor(length / 2);
  // The first seek to the end folds the whole run once and leaves a checkpoint every
  // CHECKPOINT_EVERY events (the playground does the same while the trace streams in).
  let t = performance.now();
  sim.seek(length);
  const checkpointsMs = performance.now() - t;
  t = performance.now();
  sim.seek(middle);
  const middleMs = performance.now() - t;
  let worst = 0;
  let x = 12345;
  for (let i = 0; i < 20; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    t = performance.now();
    sim.seek(x % length);
    worst = Math.max(worst, performance.now() - t);
  }
  print({ name: 'seek-middle', events: length, position: middle, ms: +middleMs.toFixed(2), worstOf20RandomMs: +worst.toFixed(2), checkpointsOnceMs: Math.round(checkpointsMs) });

  for (const line of benchBrokers(MESSAGES)) print({ ...line, name: `broker-${line.name}` });
  for (const line of await benchRealm()) print(line);
  print(traceMemory());
  print(seekPage());
  print(runSummary());
  print(crashSweep());
  print(await lessonCheck());
  if (process.env.BENCH_LONG === '1') print(longRun(process.argv[1]!));
  for (const line of benchExplore()) print(line);

}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
