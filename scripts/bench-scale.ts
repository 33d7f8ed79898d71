// The engine at scale (issue 19), printed by `npm run bench`, one JSON line each:
//   trace-memory   a 1,000,000-event traced run of the queue workload: heap kept per trace event
//                  (heap + ArrayBuffers after a forced GC with the run alive, minus before, ÷ events)
//   crash-sweep    the order flow's crash-point sweep (exploreCrashPoints: a run per crash point)
//   lesson-check   "Check my code" with each lesson's solution: every seed × fault plan and the
//                  crash sweep (content/check.ts), all lessons once, and the slowest lesson; CPU ms
//                  per run, and the lessons it first timed (firstLessons: the 20 of 00a2fe8) alone
//   seek-page      the page's checkpoints (projections/state-at.ts TraceStates) over the columns of
//                  a 500,000-event chaos run of the order flow (databases, restores): the one pass
//                  that makes them, then 50 random seeks (p95 and worst, ms) — the fold part of
//                  a seek in the playground, without the views
//   run-summary    the summary of a finished 2,000,000-event chaos run of the order flow (the
//                  worker computes it when a long run ends: engine/run.ts resultOf, its checks over
//                  the columnar trace): resultOf ms and CPU ms, and each check's CPU ms
//   long-run       BENCH_LONG=1 only (minutes): a 10,000,000-event chaos run of the order flow,
//                  trace kept, in a child process whose heap is capped at 1 GB
//                  (--max-old-space-size=1024): the heap and ArrayBuffers it ended with. A
//                  browser run stops at 2,000,000 events (LIMITS_CEILING); Node hosts may
//                  raise the limit (SimulationOptions.limits, up to HOST_LIMITS_CEILING)
// Times are wall-clock ms and CPU ms of this process (the CPU figure is less sensitive to a
// loaded machine). Figures, not assertions.

import v8 from 'node:v8';
import vm from 'node:vm';
import { resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { Simulation, exploreCrashPoints, LIMITS_CEILING, type Scenario } from '../src/engine/index';
import { spawnSync } from 'node:child_process';
import { defaultScenario } from '../src/scenarios/index';
import { loadCourseFromDisk } from '../src/content/node-loader';
import { loadCapstonesFromDisk } from '../src/content/capstones-node';
import { solutionFiles } from '../src/content/resolve';
import { checkLesson } from '../src/content/check';
import { queueScenario } from './bench-scenario';
import { TraceStates } from '../src/projections/state-at';
import { RunSummarizer } from '../src/engine/run';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Heap after a forced GC, with the memory of ArrayBuffers (the columnar trace's typed arrays live there). */
function heapUsed(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Wall-clock and CPU milliseconds of `fn`. */
function timed<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return { value, ms: Math.round(performance.now() - start), cpuMs: Math.round((used.user + used.system) / 1000) };
}

/** The lessons as the build sees them: scenario.ts modules imported through tsx (this file runs bundled). */
export async function loadCourse() {
  const dir = resolve(process.cwd(), 'lessons');
  return (await loadCourseFromDisk(dir, (url) => tsImport(url, import.meta.url))).course;
}

/** The design capstones, their capstone.ts modules imported through tsx (this file runs bundled). */
export async function loadCapstones() {
  return loadCapstonesFromDisk(resolve(process.cwd(), 'capstones'), (url) => tsImport(url, import.meta.url));
}

export function traceMemory(events = 1_000_000): Record<string, unknown> {
  // queue workload: 6 events per message
  const scenario = queueScenario(Math.ceil(events / 6));
  const before = heapUsed();
  const sim = new Simulation(scenario, { recordTrace: true });
  sim.runToEnd();
  const after = heapUsed();
  const length = sim.world.trace.length;
  return { name: 'trace-memory', events: length, bytesPerEvent: Math.round((after - before) / length), heapMB: Math.round(after / 1e6) };
}

export function crashSweep(): Record<string, unknown> {
  exploreCrashPoints(defaultScenario); // warm-up
  const t = timed(() => exploreCrashPoints(defaultScenario));
  return { name: 'crash-sweep', scenario: defaultScenario.id, runs: t.value.runs, ms: t.ms, cpuMs: t.cpuMs };
}

/** The lessons the lesson-check line first timed (at 00a2fe8): their own total stays comparable as lessons are added. */
const FIRST_LESSONS = new Set(['why-async', 'events-commands-queries', 'delivery-semantics', 'idempotency', 'inbox', 'outbox', 'retries-and-backoff', 'dead-letters-and-redrive',
  'circuit-breakers-and-concurrency', 'ordering-by-key', 'choosing-a-broker', 'choreographed-saga', 'orchestrated-saga', 'contracts-and-versioning', 'observability',
  'security-and-governance', 'anti-patterns', 'interview-drill', 'servicebus-sessions', 'servicebus-duplicate-detection']);

export async function lessonCheck(): Promise<Record<string, unknown>> {
  const course = await loadCourse();
  let runs = 0;
  let slowest = { lesson: '', ms: 0 };
  const first = { lessons: 0, runs: 0, cpuMs: 0 };
  const total = timed(() => {
    for (const lesson of course.lessons) {
      const t = timed(() => checkLesson(lesson, solutionFiles(lesson)));
      runs += t.value.runs;
      if (t.ms > slowest.ms) slowest = { lesson: lesson.id, ms: t.ms };
      if (FIRST_LESSONS.has(lesson.id)) {
        first.lessons++;
        first.runs += t.value.runs;
        first.cpuMs += t.cpuMs;
      }
    }
  });
  return {
    name: 'lesson-check', lessons: course.lessons.length, runs, ms: total.ms, cpuMs: total.cpuMs, cpuMsPerRun: +(total.cpuMs / runs).toFixed(1),
    firstLessons: first.lessons, firstRuns: first.runs, firstCpuMs: first.cpuMs, slowestLesson: slowest.lesson, slowestMs: slowest.ms,
  };
}

export function seekPage(events = 500_000): Record<string, unknown> {
  const sim = new Simulation(chaosScenario(), { recordTrace: true, seed: 7, limits: { eventsMax: events, stepsMax: 10 * events } });
  sim.runToEnd();
  const columns = sim.world.trace.columns;
  const states = new TraceStates(columns);
  const once = timed(() => states.at(columns.length));
  const seeks: number[] = [];
  let x = 12345;
  const cpu = timed(() => {
    for (let i = 0; i < 50; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const start = performance.now();
      states.at(x % columns.length);
      seeks.push(performance.now() - start);
    }
  });
  seeks.sort((a, b) => a - b);
  return {
    name: 'seek-page', events: columns.length, checkpointsOnceMs: once.ms, checkpointsOnceCpuMs: once.cpuMs,
    seeks: seeks.length, p95Ms: +seeks[Math.floor(seeks.length * 0.95)]!.toFixed(1), worstMs: +seeks.at(-1)!.toFixed(1), seeksCpuMs: cpu.cpuMs,
  };
}

/** The summary of a finished long run (see the opening comment); the run itself is not timed. */
export function runSummary(events = Number(process.env.BENCH_SUMMARY_EVENTS ?? 2_000_000)): Record<string, unknown> {
  const sim = new Simulation(chaosScenario(), { recordTrace: true, seed: 7, limits: { eventsMax: events, stepsMax: 10 * events } });
  sim.runToEnd();
  sim.dispose();
  const checkCpuMs: Record<string, number> = {};
  const t = timed(() => {
    const summary = new RunSummarizer(sim, 'folded-in');
    for (let name = summary.nextCheck; name !== undefined; name = summary.nextCheck) checkCpuMs[name] = timed(() => summary.step()).cpuMs;
    return summary.result();
  });
  return { name: 'run-summary', events: sim.world.trace.length, resultOfMs: t.ms, resultOfCpuMs: t.cpuMs, checkCpuMs, errors: t.value.checks.reduce((n, c) => n + c.errors.length, 0) };
}

const LONG_RUN_EVENTS = Number(process.env.BENCH_LONG_EVENTS ?? 10_000_000);
const LONG_RUN_HEAP_MB = 1024;

/**
 * The order flow for a long time: up to 190 steady streams of 10,000 orders each, a few at a time
 * (one starts every 100,000 ticks), with chaos — more events than the run may keep, so the
 * host's eventsMax ends it.
 */
function chaosScenario(): Scenario {
  const s = structuredClone(defaultScenario);
  const steady = s.workload.find((w) => w.kind === 'steady')!;
  s.workload = [
    ...s.workload.filter((w) => w.kind !== 'steady'),
    ...Array.from({ length: 190 }, (_, i) => ({ ...steady, count: 10_000, intervalTicks: 50, startTick: i * 100_000, body: { ...(steady.body as object), orderId: `order-${i}-{n}` } })),
  ];
  s.faults = [...(s.faults ?? []), { type: 'chaos', rates: { duplicate: 0.01, delay: 0.01, drop: 0.005, throw: 0.01, crash: 0.001 } } as never];
  s.limits = { ...s.limits, eventsMax: LIMITS_CEILING.eventsMax, ticksMax: LIMITS_CEILING.ticksMax };
  return s;
}

/** The long run itself (in the child process): events, how it ended, time, heap and ArrayBuffers after it. */
export function longRunHere(): Record<string, unknown> {
  const before = heapUsed();
  const t = timed(() => {
    const sim = new Simulation(chaosScenario(), { recordTrace: true, seed: 7, limits: { eventsMax: LONG_RUN_EVENTS, stepsMax: 10 * LONG_RUN_EVENTS } });
    sim.runToEnd();
    gc();
    const m = process.memoryUsage();
    return { events: sim.world.trace.length, endReason: sim.world.endReason, heapMB: Math.round(m.heapUsed / 1e6), arrayBuffersMB: Math.round(m.arrayBuffers / 1e6), kept: heapUsed() - before, traceMB: Math.round(sim.world.trace.columns.bytes / 1e6) };
  });
  const v = t.value;
  return { name: 'long-run', events: v.events, endReason: v.endReason, ms: t.ms, cpuMs: t.cpuMs, heapCapMB: LONG_RUN_HEAP_MB, heapMB: v.heapMB, arrayBuffersMB: v.arrayBuffersMB, traceColumnsMB: v.traceMB, bytesPerEvent: Math.round(v.kept / v.events) };
}

/** Runs `longRunHere` in a child process with the heap capped; a child that runs out says so. */
export function longRun(script: string): Record<string, unknown> {
  const child = spawnSync(process.execPath, [`--max-old-space-size=${LONG_RUN_HEAP_MB}`, script], { env: { ...process.env, BENCH_ONLY: 'long-run' }, encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status === 0 && line.startsWith('{')) return JSON.parse(line) as Record<string, unknown>;
  return { name: 'long-run', events: LONG_RUN_EVENTS, failed: true, status: child.status, signal: child.signal, error: child.stderr.trim().split('\n').slice(-3).join(' | ') };
}
