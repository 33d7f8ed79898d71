// What a design capstone is, as data. A capstone is a "design X" exercise for the interview:
// a prompt, constraints (rates, sizes, latency and loss budgets), a rubric, and a runnable
// reference design — a lesson-shaped scenario whose handler files the learner edits (code and
// the options declared next to it: retries, concurrency, keys). Its rubric lines are named
// checks, judged by the lessons' own verdict machinery (content/check.ts: every seed × fault
// plan, in the worker), so a capstone is a Lesson with a prompt and figures, never a second
// checker. Folder: `capstones/NN-id/` with `capstone.ts` (default export: defineCapstone),
// `reference/<Service>/<Handler>.ts` and `wrong/<name>/` (files laid over the reference, and
// `expect.json` naming the rubric line the classic mistake must fail).

import type { FaultPlan, GoalCheck, Lesson, LessonScenario, WrongAnswer } from './types';

export interface CapstoneConstraint {
  label: string;
  value: string;
}

/** The back-of-envelope calculator's inputs for this design (ui/drill/SizingCalculator). */
export interface SizingPreset {
  ratePerSecond: number;
  serviceMs: number;
  concurrency: number;
  utilisationPct: number;
  producePerPartition: number;
  messageBytes: number;
  retentionHours: number;
  replicas: number;
  lagMessages: number;
  consumeRatePerSecond: number;
}

/** What a run's figures measure (content/capstone-figures.ts). */
export interface FigureSpec {
  /** "Service/Handler" of the consumers that finish the flow. */
  consumers: string[];
  /** Body field naming a message's key (the receiver, the user). */
  keyField?: string;
  /** Keys whose latency is reported apart (the unreliable receiver). */
  exceptKeys?: string[];
  /** Reorders counted on an external's calls (effect-order), else on the consumers (per-key-order). */
  effectOrder?: { external: string; keyFields: string[]; orderField: string };
}

export interface CapstoneSpec {
  title: string;
  summary: string;
  /** The design question, markdown. */
  prompt: string;
  constraints: CapstoneConstraint[];
  sizing: SizingPreset;
  figures: FigureSpec;
  /** Rubric lines: one named check each (options from the scenario's own checks). */
  rubric: GoalCheck[];
  seeds: number[];
  faultPlans: FaultPlan[];
  /** Hints toward the reference design. */
  hints: string[];
  /** 'default' and named variants a fault plan runs on (FaultPlan.scenario). */
  scenarios: Record<string, LessonScenario>;
}

export function defineCapstone(spec: CapstoneSpec): CapstoneSpec {
  return spec;
}

export interface Capstone {
  /** URL id: the folder name without its numeric prefix ("order-pipeline"). */
  id: string;
  order: number;
  spec: CapstoneSpec;
  /** The capstone as a lesson: what the verdict, the editor and the playground work on. */
  lesson: Lesson;
}

/** The raw files of capstones/, as both loaders (Vite glob, Node fs) see them. */
export interface RawCapstones {
  /** Path relative to capstones/ → text (reference/ and wrong/ files, expect.json). */
  texts: Record<string, string>;
  /** Folder name → the capstone.ts module's exports. */
  modules: Record<string, Record<string, unknown>>;
}

export type { WrongAnswer };
