// Benchmarks of the handler realm (QuickJS in wasm), printed by `npm run bench`:
//   realm-create     ms to create one service realm (runtime, context, prelude) and release it
//   realm-create-on-the-spot   the same when the pool is empty (a wasm instance made synchronously)
//   realm-default    the default scenario (every handler is source code in a realm), ms per run
//   realm-lessons    every lesson's check matrix: the solution and the starter on each listed run
// Figures, not assertions.

import { runScenario } from '../src/engine/index';
import { ServiceRealm } from '../src/engine/handlers/realm';
import { defaultScenario } from '../src/scenarios/index';
import { loadCourse } from './bench-scale';
import { lessonRuns, resolveScenario, solutionFiles } from '../src/content/resolve';

export async function benchRealm(): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const env = { now: () => 0, random: () => 0.5, workMax: 1_000_000, callDepthMax: 400, group: {} };
  for (let i = 0; i < 10; i++) new ServiceRealm('warm-up', env).release();
  let start = performance.now();
  const realms = 100;
  for (let i = 0; i < realms; i++) new ServiceRealm('bench', env).release();
  lines.push({ name: 'realm-create', realms, msPerRealm: +((performance.now() - start) / realms).toFixed(3) });
  // With every pooled instance held, each new realm gets a wasm instance made on the spot (synchronously).
  const held: ServiceRealm[] = [];
  for (let i = 0; i < 16; i++) held.push(new ServiceRealm('held', { ...env, group: {} }));
  start = performance.now();
  const onTheSpot: ServiceRealm[] = [];
  // 16 + 14 stay under the host's 32 live realms (realm-groups.ts), so none of these is released early.
  for (let i = 0; i < 14; i++) onTheSpot.push(new ServiceRealm('on-the-spot', { ...env, group: {} }));
  lines.push({ name: 'realm-create-on-the-spot', realms: onTheSpot.length, msPerRealm: +((performance.now() - start) / onTheSpot.length).toFixed(3) });
  for (const r of [...held, ...onTheSpot]) r.release();

  for (let seed = 0; seed < 5; seed++) runScenario(defaultScenario, { seed });
  const runs = 100;
  let events = 0;
  start = performance.now();
  for (let seed = 0; seed < runs; seed++) events += runScenario(defaultScenario, { seed }).trace.length;
  const ms = performance.now() - start;
  lines.push({ name: 'realm-default', runs, events, msPerRun: +(ms / runs).toFixed(2), eventsPerSec: Math.round(events / (ms / 1000)) });

  const course = await loadCourse();
  let lessonRunsCount = 0;
  let slowest = { lesson: '', ms: 0 };
  start = performance.now();
  for (const lesson of course.lessons) {
    const t = performance.now();
    for (const run of lessonRuns(lesson)) {
      runScenario(resolveScenario(lesson, solutionFiles(lesson)), { seed: run.seed, faults: run.faults });
      runScenario(resolveScenario(lesson, lesson.starter), { seed: run.seed, faults: run.faults });
      lessonRunsCount += 2;
    }
    const lessonMs = performance.now() - t;
    if (lessonMs > slowest.ms) slowest = { lesson: lesson.path, ms: Math.round(lessonMs) };
  }
  lines.push({ name: 'realm-lessons', lessons: course.lessons.length, runs: lessonRunsCount, ms: Math.round(performance.now() - start), slowestLesson: slowest.lesson, slowestMs: slowest.ms });
  return lines;
}
