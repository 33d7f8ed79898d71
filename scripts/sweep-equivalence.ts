// Which crash-sweep runs could be left out as the same run under another name: for each lesson's
// solution, the crashes its sweep plans (content/check-sweep.ts), each placed at the moment of
// the baseline where it would strike, compared with the planned crashes before it in the same
// invocation. `samePrefix`: nothing was recorded in between (same trace length and tick);
// `sameState`: also nothing scheduled, no id handed out and no database version taken
// (agenda seq, id counters, database versions — read from engine internals, a probe only).
// Even `sameState` is not proof: a handler's seeded draws (Math.random, ctx.random) leave no
// mark here. A figure for deciding what to prune, not a test.
//   npx esbuild scripts/sweep-equivalence.ts --bundle --platform=node --format=esm --packages=external --outfile=.bench/sweep-equivalence.mjs && node .bench/sweep-equivalence.mjs [lesson-id…]

import { solutionFiles, resolveScenario } from '../src/content/resolve';
import { handlersUnderTest, LessonCheck, sweepTargets } from '../src/content/check';
import { Simulation } from '../src/engine/simulation';
import { loadHandlerRealmInNode } from '../src/realm/node';
import { loadCourse } from './bench-scale';
import type { Lesson } from '../src/content/types';

await loadHandlerRealmInNode();
const course = await loadCourse();
const only = process.argv.slice(2);

/** Engine internals this probe reads (private fields: a probe only, never engine code). */
interface Internals {
  agenda: { seqNext: number };
  ids: { counters: Map<string, { n: number }> };
  services: Map<string, { db: { versionNext: number } }>;
}

interface Reach { inv: object; prefix: string; state: string }

const totals = { planned: 0, samePrefix: 0, sameState: 0 };
for (const lesson of course.lessons as Lesson[]) {
  if (only.length > 0 && !only.includes(lesson.id)) continue;
  const files = solutionFiles(lesson);
  const check = new LessonCheck(lesson, files);
  check.absorb(check.prepareSweep());
  const planned = check.sharedSweep?.crashes ?? [];
  const spec = lesson.meta.crashSweep;
  if (planned.length === 0 || spec === false) continue;
  const targets = sweepTargets(handlersUnderTest(lesson, files));
  const faults = (spec && spec.faultPlan && lesson.meta.faultPlans.find((p) => p.name === spec.faultPlan)?.faults) || [];
  const sim = new Simulation(resolveScenario(lesson, files), { seed: lesson.meta.seeds[0] ?? 1, faults });
  const world = sim.world as unknown as Internals;
  const reaches = new Map<string, Reach[]>();
  sim.world.hooks.push({
    crashAt: (inv, point) => {
      const key = `${inv.service.name}/${inv.handler.spec.name}/${point}`;
      let ids = 0;
      for (const c of world.ids.counters.values()) ids += c.n;
      let versions = 0;
      for (const s of world.services.values()) versions += s.db.versionNext;
      const prefix = `${sim.world.trace.length}@${sim.world.now()}`;
      const list = reaches.get(key) ?? [];
      list.push({ inv, prefix, state: `${prefix}|${world.agenda.seqNext}|${ids}|${versions}` });
      reaches.set(key, list);
      return null;
    },
  });
  sim.runToEnd();
  sim.dispose();
  const seen: Reach[] = [];
  let samePrefix = 0;
  let sameState = 0;
  for (const c of planned) {
    const t = targets[c.target]!;
    const r = reaches.get(`${t.service}/${t.handler}/${t.point}`)?.[c.nth - 1];
    if (!r) continue;
    if (seen.some((s) => s.inv === r.inv && s.prefix === r.prefix)) samePrefix++;
    if (seen.some((s) => s.inv === r.inv && s.state === r.state)) sameState++;
    seen.push(r);
  }
  totals.planned += planned.length;
  totals.samePrefix += samePrefix;
  totals.sameState += sameState;
  console.log(JSON.stringify({ name: 'sweep-equivalence', lesson: lesson.id, sweepCrashes: planned.length, samePrefix, sameState }));
}
console.log(JSON.stringify({ name: 'sweep-equivalence-summary', ...totals }));
