// Content validation: broken lessons never ship. On top of the shape checks in parse.ts, this
// asks the engine — check names against the check registry, fault plans against the fault
// registry, each scenario variant (with starter and with solution code) against the scenario
// validator, every starter/solution file against the handlers that use it, and the predictions
// against content/predictions.ts — running the first demo to prove its key moment and numeric
// answers. It imports the engine, so it runs in Node (the Vite plugin, tests, the CLI), never in
// the page bundle.

import { checks } from '../engine/checks/registry';
import { faultModels } from '../engine/faults/registry';
import { FAULT_BOUNDS } from '../engine/scenario/bounds';
import { validateFaults, validateScenario } from '../engine/scenario/validate';
import { formatIssue } from '../engine/scenario/validate-types';
import { compileHandlerSource } from '../engine/handlers/compile';
import type { Scenario } from '../engine/scenario/types';
import type { ContentIssue } from './parse';
import type { Course, Lesson } from './types';
import { demoRun, referencedFiles, resolveScenario, solutionFiles } from './resolve';
import { runScenario } from '../engine/run';
import { coursePredictionIssues, predictionIssues, predictionRunIssues } from './predictions';
import { CRASH_SWEEP } from './check';

export function validateLesson(lesson: Lesson): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const where = `${lesson.path}/index.md`;
  const add = (message: string, at = where) => issues.push({ where: at, message });
  for (const c of lesson.meta.checks) if (!checks[c.name]) add(`unknown check "${c.name}" (known: ${Object.keys(checks).join(', ')})`);
  const main = lesson.scenarios.default;
  if (!main) return issues;
  const referenced = new Set(Object.values(lesson.scenarios).flatMap(referencedFiles));
  for (const f of referenced) if (lesson.starter[f] === undefined) add(`a handler uses ${f} but starter/${f} does not exist`, lesson.path);
  for (const f of Object.keys(lesson.starter)) if (!referenced.has(f)) add(`starter/${f} does not match any handler's file in scenario.ts`, lesson.path);
  for (const f of Object.keys(lesson.solution)) if (!referenced.has(f)) add(`solution/${f} does not match any handler's file in scenario.ts`, lesson.path);
  if (Object.keys(lesson.solution).length === 0) add('solution/ is empty: the solution must change at least one handler file', lesson.path);
  const variants: [string, Record<string, string>][] = [['starter', lesson.starter], ['solution', lesson.solution]];
  for (const [name, w] of Object.entries(lesson.wrong ?? {})) {
    variants.push([`wrong/${name}`, w.files]);
    if (Object.keys(w.files).length === 0) add(`wrong/${name} holds no handler file`, lesson.path);
    if (w.fails !== CRASH_SWEEP && !lesson.meta.checks.some((c) => c.name === w.fails)) add(`wrong/${name}/expect.json: "fails" names ${w.fails}, which is neither one of the lesson's checks nor ${CRASH_SWEEP}`, lesson.path);
  }
  for (const [name, files] of Object.entries(lesson.alternatives ?? {})) variants.push([`alternatives/${name}`, files]);
  for (const [kind, files] of variants.slice(2)) for (const f of Object.keys(files)) if (!referenced.has(f)) add(`${kind}/${f} does not match any handler's file in scenario.ts`, lesson.path);
  for (const [kind, files] of variants) {
    for (const [f, text] of Object.entries(files)) {
      try {
        compileHandlerSource(text, f);
      } catch (error) {
        add(`${kind}/${f} does not compile: ${(error as Error).message}`, lesson.path);
      }
    }
  }
  for (const [name, plan] of lesson.meta.faultPlans.entries()) {
    if (plan.scenario && !lesson.scenarios[plan.scenario]) add(`faultPlans[${plan.name}] names scenario "${plan.scenario}" but scenario.ts exports only ${Object.keys(lesson.scenarios).join(', ')}`);
    for (const [i, f] of plan.faults.entries()) if (!f || typeof f !== 'object' || !faultModels[(f as { type: string }).type]) add(`faultPlans[${name}].faults[${i}]: unknown fault type ${JSON.stringify((f as { type?: unknown })?.type)} (known: ${Object.keys(faultModels).join(', ')})`);
  }
  const guarantee = lesson.meta.guarantee;
  if (guarantee) {
    for (const type of guarantee.faults) if (!faultModels[type]) add(`guarantee.faults: unknown fault type ${JSON.stringify(type)} (known: ${Object.keys(faultModels).join(', ')})`);
    if (guarantee.maxFaults > FAULT_BOUNDS.faultsMax) add(`guarantee.maxFaults: at most ${FAULT_BOUNDS.faultsMax}, got ${guarantee.maxFaults}`);
    const names = lesson.meta.checks.map((c) => c.name);
    for (const name of guarantee.checks ?? []) if (!names.includes(name)) add(`guarantee.checks: "${name}" is not one of the lesson's checks (${names.join(', ')})`);
  }
  if (issues.length > 0) return issues;
  for (const variant of Object.keys(lesson.scenarios)) {
    for (const [kind, files] of [['starter', lesson.starter], ['solution', solutionFiles(lesson)]] as const) {
      let scenario: Scenario;
      try {
        scenario = resolveScenario(lesson, files, variant);
      } catch (error) {
        add((error as Error).message, `${lesson.path}/scenario.ts`);
        continue;
      }
      for (const i of validateScenario(scenario)) add(`scenario "${variant}" with ${kind} code: ${formatIssue(i)}`, `${lesson.path}/scenario.ts`);
      if (kind !== 'starter') continue;
      for (const plan of lesson.meta.faultPlans) {
        if ((plan.scenario ?? 'default') !== variant) continue;
        for (const i of validateFaults(plan.faults, `faultPlans[${plan.name}]`, scenario)) add(formatIssue(i));
      }
    }
  }
  const planNames = new Set(lesson.meta.faultPlans.map((p) => p.name));
  const sweep = lesson.meta.crashSweep;
  if (sweep) {
    const handlers = new Set(main.services.flatMap((s) => s.handlers.map((h) => `${s.name}/${h.name}`)));
    for (const h of sweep.handlers ?? []) if (!handlers.has(h)) add(`crashSweep.handlers names ${h}, which is not a handler of the scenario (known: ${[...handlers].join(', ')})`);
    for (const c of sweep.checks ?? []) if (!lesson.meta.checks.some((x) => x.name === c)) add(`crashSweep.checks names ${c}, which is not one of the lesson's checks`);
    if (sweep.faultPlan && !planNames.has(sweep.faultPlan)) add(`crashSweep.faultPlan names "${sweep.faultPlan}"; known: ${[...planNames].join(', ')}`);
  }
  for (const [i, d] of lesson.meta.demos.entries()) {
    if (d.scenario && !lesson.scenarios[d.scenario]) add(`demos[${i}] names scenario "${d.scenario}" but scenario.ts exports only ${Object.keys(lesson.scenarios).join(', ')}`);
    if (d.faultPlan && d.faultPlan !== 'none' && !planNames.has(d.faultPlan)) add(`demos[${i}] names fault plan "${d.faultPlan}"; known: ${[...planNames].join(', ')}`);
  }
  if (lesson.meta.demos.length === 0) add('demos: a lesson needs at least one demo');
  for (const m of predictionIssues(lesson)) add(m);
  if (issues.length > 0 || lesson.meta.predict.length === 0) return issues;
  // The predictions are about the first demo: its run must have the key moment and the numbers.
  try {
    const { scenario, seed, faults } = demoRun(lesson, lesson.meta.demos[0]!);
    for (const m of predictionRunIssues(lesson, runScenario(scenario, { seed, faults }).trace)) add(m);
  } catch (error) {
    add(`demos[0] does not run: ${(error as Error).message}`);
  }
  return issues;
}

export function validateCourse(course: Course): ContentIssue[] {
  return [...course.lessons.flatMap(validateLesson), ...coursePredictionIssues(course).map((message) => ({ where: '(course)', message }))];
}
