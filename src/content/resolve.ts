// Turning a lesson into runnable inputs. A lesson scenario names handler files; resolving it
// with a set of files (the starter, the solution laid over the starter, or the learner's own
// edits) gives a plain engine Scenario with the source text filled in. A lesson's "runs" are
// every listed seed × fault plan: solved means every goal check passes on all of them, so a
// lucky interleaving does not count. Pure and engine-free, so the page can use it.

import type { FaultSpec, HandlerSpec, Scenario } from '../engine/scenario/types';
import type { Demo, FileCode, Guarantee, Lesson, LessonScenario } from './types';
import { hasOwn } from '../engine/scenario/named';

export type CodeFiles = Record<string, string>;

export const isFileCode = (code: unknown): code is FileCode =>
  typeof code === 'object' && code !== null && 'file' in code && !('source' in code) && !('builtin' in code);

/** The starter files with the solution's changed files laid over them. */
export function solutionFiles(lesson: Lesson): CodeFiles {
  return { ...lesson.starter, ...lesson.solution };
}

/** A wrong answer's or an alternative's files laid over starter + solution. */
export function variantFiles(lesson: Lesson, files: CodeFiles): CodeFiles {
  return { ...lesson.starter, ...lesson.solution, ...files };
}

/** Handler files a lesson scenario refers to. */
export function referencedFiles(s: LessonScenario): string[] {
  return s.services.flatMap((svc) => svc.handlers.map((h) => h.code)).filter(isFileCode).map((c) => c.file);
}

/** A lesson scenario with its handler files filled in from `files`, and the lesson's checks. */
export function resolveScenario(lesson: Lesson, files: CodeFiles, variant = 'default'): Scenario {
  // Own entries only: a pack names variants and files by text ("constructor" names no variant).
  const s = hasOwn(lesson.scenarios, variant) ? lesson.scenarios[variant] : undefined;
  if (!s) throw new Error(`lesson ${lesson.id} has no scenario export named "${variant}"`);
  const services = s.services.map((svc) => ({
    ...svc,
    handlers: svc.handlers.map((h): HandlerSpec => {
      if (!isFileCode(h.code)) return h as HandlerSpec;
      const source = hasOwn(files, h.code.file) ? files[h.code.file] : undefined;
      if (source === undefined) throw new Error(`lesson ${lesson.id}: no file ${h.code.file} for handler ${svc.name}.${h.name}`);
      return { ...h, code: { source, file: h.code.file } };
    }),
  }));
  const checks = lesson.meta.checks.map((c) => {
    const own = s.checks?.find((x) => x.name === c.name)?.options;
    const options = c.options ?? own;
    return options === undefined ? { name: c.name } : { name: c.name, options };
  });
  return { ...s, services, checks, seeds: lesson.meta.seeds } as Scenario;
}

export interface LessonRun {
  seed: number;
  faultPlan: string;
  faults: FaultSpec[];
  /** The scenario.ts export the plan runs on (absent: the default). */
  scenario?: string;
}

/** Every seed × fault plan the lesson lists: the runs that decide "solved". */
export function lessonRuns(lesson: Lesson): LessonRun[] {
  return lesson.meta.faultPlans.flatMap((p) => lesson.meta.seeds.map((seed) => ({ seed, faultPlan: p.name, faults: p.faults, ...(p.scenario ? { scenario: p.scenario } : {}) })));
}

export interface DemoRun {
  scenario: Scenario;
  seed: number;
  faults: FaultSpec[];
}

/** The inputs of a demo: its scenario variant, code (starter or solution), fault plan, seed. */
export function demoRun(lesson: Lesson, demo: Demo): DemoRun {
  const files = demo.code === 'solution' ? solutionFiles(lesson) : lesson.starter;
  const plan = demo.faultPlan && demo.faultPlan !== 'none' ? lesson.meta.faultPlans.find((p) => p.name === demo.faultPlan) : undefined;
  if (demo.faultPlan && demo.faultPlan !== 'none' && !plan) throw new Error(`lesson ${lesson.id}: demo "${demo.label}" names an unknown fault plan "${demo.faultPlan}"`);
  return { scenario: resolveScenario(lesson, files, demo.scenario ?? plan?.scenario), seed: demo.seed ?? lesson.meta.seeds[0]!, faults: plan?.faults ?? [] };
}

/** Handler files the learner can edit, in scenario order, with the service/handler they hold. */
export function editableFiles(lesson: Lesson): { file: string; service: string; handler: string }[] {
  const out: { file: string; service: string; handler: string }[] = [];
  const seen = new Set<string>();
  for (const s of Object.values(lesson.scenarios)) {
    for (const svc of s.services) for (const h of svc.handlers) {
      if (isFileCode(h.code) && !seen.has(h.code.file)) {
        seen.add(h.code.file);
        out.push({ file: h.code.file, service: svc.name, handler: h.name });
      }
    }
  }
  return out;
}

/**
 * The random fault plans a lesson's solution is guaranteed to survive: its declared guarantee,
 * else the fault types of its own plans with one extra fault.
 */
export function lessonGuarantee(lesson: Lesson): Guarantee {
  if (lesson.meta.guarantee) return lesson.meta.guarantee;
  const faults = [...new Set(lesson.meta.faultPlans.flatMap((p) => p.faults.map((f) => f.type)))];
  return { faults, maxFaults: faults.length > 0 ? 1 : 0 };
}
