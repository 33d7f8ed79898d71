// What a lesson is, as data. A lesson is a folder `lessons/NN-part/NN-lesson/` holding
// `index.md` (frontmatter + prose), `scenario.ts` (plain scenario data whose handlers point at
// files), `starter/` (the code the learner starts from) and `solution/` (only the files that
// change). Numeric prefixes order the course and are stripped from ids, so renumbering never
// breaks a link. "Solved" is behaviour, not text: every named check passes on every listed
// seed and fault plan.

import type { FaultSpec, HandlerCode, HandlerSpec, Scenario, ServiceSpec } from '../engine/scenario/types';
import type { Json } from '../engine/scenario/json';
import { SCENARIO_FORMAT_VERSION } from '../engine/scenario/types';
import type { EventMatch, KeyMoment } from '../projections/trace-match';
import type { FigureSpec } from './capstone-types';

/** A handler whose code lives in the lesson's starter/ (and maybe solution/) folder. */
export interface FileCode {
  file: string;
}

export type LessonHandlerSpec = Omit<HandlerSpec, 'code'> & { code: HandlerCode | FileCode };
export type LessonServiceSpec = Omit<ServiceSpec, 'handlers'> & { handlers: LessonHandlerSpec[] };
export type LessonScenario = Omit<Scenario, 'services' | 'formatVersion'> & { formatVersion: typeof SCENARIO_FORMAT_VERSION; services: LessonServiceSpec[] };

/** Typed identity for a lesson's scenario.ts: plain data, handler code by file name. */
export function defineLessonScenario(s: Omit<LessonScenario, 'formatVersion'>): LessonScenario {
  return { ...s, formatVersion: SCENARIO_FORMAT_VERSION };
}

export interface GoalCheck {
  name: string;
  /** What passing this check means in this lesson, shown on the goal card. */
  goal: string;
  options?: Json;
}

export interface FaultPlan {
  name: string;
  faults: FaultSpec[];
  /**
   * Named export of scenario.ts this plan runs on (default: the default export): the same
   * handlers in a world they were not written for — a subscriber the producer has never seen.
   */
  scenario?: string;
}

/**
 * Predict, then observe: a question the learner answers before the lesson's first demo plays.
 * Every prediction is about that demo (`demos[0]`). A choice's position is shuffled per learner,
 * so `answer` indexes the choices as written here.
 */
export interface ChoicePrediction {
  kind: 'choice';
  question: string;
  choices: string[];
  /** Index into choices. */
  answer: number;
  explanation: string;
}

/**
 * A numeric prediction ("how many times is the card charged?"). `count` says how to read the
 * number from the demo's trace: the page shows the number the run produced, and the lesson tests
 * prove that it equals `answer`.
 */
export interface NumberPrediction {
  kind: 'number';
  question: string;
  answer: number;
  count: EventMatch;
  /** The noun after the number in the answer ("deliveries", "charges"). */
  unit?: string;
  explanation: string;
}

export type Prediction = ChoicePrediction | NumberPrediction;

export interface Demo {
  label: string;
  /** Named export of scenario.ts (default: the default export). */
  scenario?: string;
  /** Which code to run: the starter (default) or the solution. */
  code?: 'starter' | 'solution';
  /** Name of one of the lesson's fault plans, or 'none'. */
  faultPlan?: string;
  seed?: number;
  /** One line shown under the button: what to look at. */
  look?: string;
  /** The event the demo is about: a predicted demo plays up to it and highlights it. */
  keyMoment?: KeyMoment;
}

/**
 * How "Check my code" crash-sweeps this lesson (content/check.ts). Default: every crash point of
 * the handlers the solution (or the learner) changes, for each of the first 8 messages they
 * receive, judged by all the lesson's checks.
 */
export interface CrashSweepSpec {
  /** "Service/Handler" to crash instead of the changed files' handlers. */
  handlers?: string[];
  /** Crashes per (handler, point): the first this-many messages (default 8). */
  nthMax?: number;
  /** The named checks that judge a sweep run (default: all); a crash may break the others by design. */
  checks?: string[];
  /** The fault plan every sweep run starts from (default: none), e.g. the load the checks expect. */
  faultPlan?: string;
}

export interface InterviewQuestion {
  q: string;
  a: string;
}

/**
 * What the lesson's solution is guaranteed to survive beyond its listed fault plans: any of its
 * plans plus up to `maxFaults` more faults of these types, at any target and moment of the
 * message-driven part (frontmatter `guarantee: { faults: [crash], maxFaults: 2 }`). The property
 * tests draw random plans from exactly this; faults outside it are outside what the lesson
 * teaches. Absent: the fault types of the lesson's own plans, one more fault.
 * `checks` narrows what is promised under the extra faults to those of the lesson's checks
 * (`guarantee: { faults: [crash], maxFaults: 1, checks: [db-predicate] }`) when no code could
 * keep the others (a latency budget under a crash before the handler: the locked message waits
 * out its lock); the other checks are promised on the listed fault plans only.
 */
export interface Guarantee {
  faults: string[];
  maxFaults: number;
  /** The checks that hold under the extra faults; absent: every check of the lesson. */
  checks?: string[];
}

export interface LessonMeta {
  title: string;
  summary: string;
  tags: string[];
  goal: string;
  checks: GoalCheck[];
  seeds: number[];
  faultPlans: FaultPlan[];
  /** 2–3 predictions about the first demo, at least one numeric. */
  predict: Prediction[];
  demos: Demo[];
  hints: string[];
  interview: InterviewQuestion[];
  /** The crash sweep's scope, or false for none. */
  crashSweep?: CrashSweepSpec | false;
  /** Extra prose-free items (the pocket checklist of the drill). */
  checklist?: string[];
  /** Which random fault plans the solution holds under (see Guarantee). */
  guarantee?: Guarantee;
}

export interface Lesson {
  /** URL id: the folder name without its numeric prefix ("inbox"). */
  id: string;
  /** Folder path relative to lessons/ ("02-reliability/05-inbox"). */
  path: string;
  part: { id: string; title: string; order: number };
  order: number;
  meta: LessonMeta;
  /** Markdown prose after the frontmatter. */
  body: string;
  /** scenario.ts exports: 'default' and named variants. */
  scenarios: Record<string, LessonScenario>;
  /** Handler files, by path relative to the folder ("Inventory/ReserveStock.ts"). */
  starter: Record<string, string>;
  /** Only the files the solution changes. */
  solution: Record<string, string>;
  /**
   * Plausible wrong answers, by name (`wrong/<name>/`): files laid over starter + solution, and
   * the check each must fail. Loaded from disk for the tests and the build check; the site's
   * bundle leaves them out.
   */
  wrong?: Record<string, WrongAnswer>;
  /** Different correct solutions, by name (`alternatives/<name>/`), laid over starter + solution. */
  alternatives?: Record<string, Record<string, string>>;
  /** A design capstone's figures (capstone-types.ts): measured on every run of its verdict. */
  figures?: FigureSpec;
}

/** A wrong answer: its files and the manifest `wrong/<name>/expect.json`. */
export interface WrongAnswer {
  files: Record<string, string>;
  /** The check it must fail: one of the lesson's checks, or "crash-sweep". */
  fails: string;
  /** The mistake, in one sentence (why a learner writes it, what it breaks). */
  why: string;
  /** The fault plan that shows it (design capstones: their tests run that plan only). */
  plan?: string;
}

export interface Part {
  id: string;
  title: string;
  order: number;
  lessons: Lesson[];
}

export interface Course {
  parts: Part[];
  lessons: Lesson[];
}

/** The raw files of the lessons folder, as both loaders (Vite glob, Node fs) see them. */
export interface RawCourse {
  /** Path relative to lessons/ → text, for index.md, part.md and handler files. */
  texts: Record<string, string>;
  /** Folder path relative to lessons/ → the scenario.ts module's exports. */
  scenarios: Record<string, Record<string, unknown>>;
}
