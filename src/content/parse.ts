// From raw lesson files to a Course. Pure: both loaders (the app's Vite glob and the Node
// loader used by tests, the CLI and the build check) hand over the same RawCourse, so the site
// and the tests read lessons exactly the same way. Problems in the frontmatter's shape are
// collected as issues ("03-x/02-y/index.md: hints must be a list of strings") rather than thrown,
// so one run reports every broken lesson at once.

import { parse as parseYaml } from 'yaml';
import type { Course, CrashSweepSpec, Demo, FaultPlan, GoalCheck, Guarantee, InterviewQuestion, Lesson, LessonMeta, LessonScenario, Part, Prediction, RawCourse, WrongAnswer } from './types';
import { matchIssues, type EventMatch, type KeyMoment } from '../projections/trace-match';
import { FAULT_BOUNDS, SEED_MAX } from '../engine/scenario/bounds';
import { SHARE_BOUNDS, shapeIssues } from '../share/bounds';

/** A lesson's check runs seeds × fault plans (× a crash sweep): a pack may not ask for thousands. */
export const LESSON_SEEDS_MAX = 20;
export const LESSON_FAULT_PLANS_MAX = 20;
const isSeed = (s: unknown): s is number => typeof s === 'number' && Number.isInteger(s) && s >= 0 && s <= SEED_MAX;

export interface ContentIssue {
  /** File or folder relative to lessons/. */
  where: string;
  message: string;
}

const PREFIX = /^(\d+)-(.+)$/;

/** "05-inbox" → { order: 5, id: 'inbox' }; folders without a prefix sort last. */
export function splitPrefix(name: string): { order: number; id: string } {
  const m = PREFIX.exec(name);
  return m ? { order: Number(m[1]), id: m[2]! } : { order: Number.MAX_SAFE_INTEGER, id: name };
}

export function titleCase(id: string): string {
  return id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/** Splits `---\nyaml\n---\nbody`; a file without frontmatter has empty data. */
export function splitFrontmatter(text: string): { data: unknown; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) return { data: {}, body: text };
  return { data: parseYaml(m[1]!) ?? {}, body: m[2]! };
}

/** What is wrong with frontmatter the YAML parser refused (it recurses: thousands of levels overflow its stack). */
function yamlProblem(error: unknown): string {
  const message = String((error as Error)?.message ?? error).split('\n')[0]!;
  return /call stack/i.test(message) ? 'frontmatter nests too deeply to read (a lesson needs a few levels)' : `frontmatter is not valid YAML: ${message}`;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

function strings(v: unknown, field: string, add: (m: string) => void): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v) && v.every(isText)) return v as string[];
  add(`${field} must be a list of strings`);
  return [];
}

function readChecks(v: unknown, add: (m: string) => void): GoalCheck[] {
  if (!Array.isArray(v) || v.length === 0) {
    add('checks must list at least one check (a name, or { name, goal, options })');
    return [];
  }
  return v.flatMap((c, i): GoalCheck[] => {
    if (isText(c)) return [{ name: c, goal: c }];
    if (isObj(c) && isText(c.name)) return [{ name: c.name, goal: isText(c.goal) ? c.goal : c.name, ...(c.options !== undefined ? { options: c.options as GoalCheck['options'] } : {}) }];
    add(`checks[${i}] must be a check name or { name, goal, options }`);
    return [];
  });
}

function readFaultPlans(v: unknown, add: (m: string) => void): FaultPlan[] {
  if (v === undefined) return [{ name: 'no faults', faults: [] }];
  if (!Array.isArray(v) || v.length === 0 || v.length > LESSON_FAULT_PLANS_MAX) {
    add(`faultPlans must be a list of 1 to ${LESSON_FAULT_PLANS_MAX} { name, faults }`);
    return [];
  }
  return v.flatMap((p, i): FaultPlan[] => {
    if (isObj(p) && Array.isArray(p.faults) && p.faults.length > FAULT_BOUNDS.faultsMax) {
      add(`faultPlans[${i}] holds ${p.faults.length} faults, at most ${FAULT_BOUNDS.faultsMax}`);
      return [];
    }
    if (isObj(p) && isText(p.name) && Array.isArray(p.faults ?? []) && (p.scenario === undefined || isText(p.scenario))) return [{ name: p.name, faults: (p.faults ?? []) as FaultPlan['faults'], ...(isText(p.scenario) ? { scenario: p.scenario } : {}) }];
    add(`faultPlans[${i}] must be { name, faults: [...], scenario?: a named export of scenario.ts }`);
    return [];
  });
}

const PREDICT_SHAPE = 'predict must be a list of { question, choices: [≥2 strings], answer: index of the right choice, explanation } or { question, answer: number, count: { kind, … }, unit?, explanation }';

function readPrediction(v: unknown, i: number, add: (m: string) => void): Prediction[] {
  const at = `predict[${i}]`;
  if (!isObj(v) || !isText(v.question) || !isText(v.explanation) || typeof v.answer !== 'number' || !Number.isFinite(v.answer)) {
    add(`${at} must have a question, an answer and an explanation`);
    return [];
  }
  if (v.choices !== undefined) {
    if (!(Array.isArray(v.choices) && v.choices.length >= 2 && v.choices.every(isText) && Number.isInteger(v.answer) && v.answer >= 0 && v.answer < v.choices.length)) {
      add(`${at}: choices must be ≥2 strings and answer the index of the right one`);
      return [];
    }
    return [{ kind: 'choice', question: v.question, choices: v.choices as string[], answer: v.answer, explanation: v.explanation }];
  }
  const problems = matchIssues(v.count);
  if (v.count === undefined) add(`${at} is numeric (no choices) and needs count: { kind, … } — how to read its answer from the first demo's trace`);
  else for (const p of problems) add(`${at}.count: ${p}`);
  if (v.unit !== undefined && !isText(v.unit)) add(`${at}.unit must be a word`);
  if (v.count === undefined || problems.length > 0) return [];
  return [{ kind: 'number', question: v.question, answer: v.answer, count: v.count as unknown as EventMatch, ...(isText(v.unit) ? { unit: v.unit } : {}), explanation: v.explanation }];
}

function readPredictions(v: unknown, add: (m: string) => void): Prediction[] {
  if (v === undefined) return [];
  const list = isObj(v) ? [v] : v;
  if (!Array.isArray(list)) {
    add(PREDICT_SHAPE);
    return [];
  }
  return list.flatMap((p, i) => readPrediction(p, i, add));
}

function readKeyMoment(v: unknown, at: string, add: (m: string) => void): KeyMoment | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v) || !isText(v.label)) {
    add(`${at} must be { label, match: { kind, … }, nth? }`);
    return undefined;
  }
  const problems = matchIssues(v.match);
  for (const p of problems) add(`${at}.match: ${p}`);
  if (v.nth !== undefined && !(typeof v.nth === 'number' && Number.isInteger(v.nth) && v.nth !== 0)) add(`${at}.nth must be a non-zero integer (1 = first, -1 = last)`);
  if (problems.length > 0) return undefined;
  return { label: v.label, match: v.match as unknown as EventMatch, ...(typeof v.nth === 'number' ? { nth: v.nth } : {}) };
}

function readDemos(v: unknown, add: (m: string) => void): Demo[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    add('demos must be a list');
    return [];
  }
  return v.flatMap((d, i): Demo[] => {
    if (!isObj(d) || !isText(d.label)) {
      add(`demos[${i}] needs a label`);
      return [];
    }
    if (d.code !== undefined && d.code !== 'starter' && d.code !== 'solution') add(`demos[${i}].code must be "starter" or "solution"`);
    if (d.seed !== undefined && !isSeed(d.seed)) add(`demos[${i}].seed must be a whole number from 0 to ${SEED_MAX}, got ${JSON.stringify(d.seed)}`);
    const demo: Demo = { label: d.label };
    if (isText(d.scenario)) demo.scenario = d.scenario;
    if (d.code === 'solution' || d.code === 'starter') demo.code = d.code;
    if (isText(d.faultPlan)) demo.faultPlan = d.faultPlan;
    if (isSeed(d.seed)) demo.seed = d.seed;
    if (isText(d.look)) demo.look = d.look;
    const moment = readKeyMoment(d.keyMoment, `demos[${i}].keyMoment`, add);
    if (moment) demo.keyMoment = moment;
    return [demo];
  });
}

function readInterview(v: unknown, add: (m: string) => void): InterviewQuestion[] {
  if (!Array.isArray(v) || !v.every((x) => isObj(x) && isText(x.q) && isText(x.a))) {
    add('interview must be a list of { q, a } (2–5 questions with model answers)');
    return [];
  }
  if (v.length < 2 || v.length > 12) add(`interview should hold 2–5 questions (the drill may hold up to 12), got ${v.length}`);
  return v as InterviewQuestion[];
}

function readGuarantee(v: unknown, add: (m: string) => void): Guarantee | undefined {
  if (v === undefined) return undefined;
  if (isObj(v) && Array.isArray(v.faults) && v.faults.length > 0 && v.faults.every(isText) && typeof v.maxFaults === 'number' && Number.isInteger(v.maxFaults) && v.maxFaults >= 1) {
    for (const k of Object.keys(v)) if (k !== 'faults' && k !== 'maxFaults' && k !== 'checks') add(`guarantee.${k}: unknown field (guarantee is { faults: [fault types], maxFaults, checks?: [check names] })`);
    const guarantee: Guarantee = { faults: [...new Set(v.faults as string[])], maxFaults: v.maxFaults };
    if (v.checks !== undefined) {
      if (Array.isArray(v.checks) && v.checks.length > 0 && v.checks.every(isText)) guarantee.checks = [...new Set(v.checks as string[])];
      else add('guarantee.checks must be a list of the lesson\'s check names (at least one)');
    }
    return guarantee;
  }
  add('guarantee must be { faults: [fault types, at least one], maxFaults: a positive integer, checks?: [check names] }');
  return undefined;
}

function readCrashSweep(v: unknown, add: (m: string) => void): CrashSweepSpec | false | undefined {
  if (v === undefined) return undefined;
  if (v === false) return false;
  const bad = () => add('crashSweep must be false or { handlers?: ["Service/Handler"], nthMax?: 1–50, checks?: [check names], faultPlan?: name }');
  if (!isObj(v)) return bad(), undefined;
  const spec: CrashSweepSpec = {};
  if (v.handlers !== undefined) {
    if (Array.isArray(v.handlers) && v.handlers.every((h) => isText(h) && /^[^/]+\/[^/]+$/.test(h))) spec.handlers = v.handlers as string[];
    else bad();
  }
  if (v.nthMax !== undefined) {
    if (typeof v.nthMax === 'number' && Number.isInteger(v.nthMax) && v.nthMax >= 1 && v.nthMax <= 50) spec.nthMax = v.nthMax;
    else bad();
  }
  if (v.checks !== undefined) {
    if (Array.isArray(v.checks) && v.checks.every(isText)) spec.checks = v.checks as string[];
    else bad();
  }
  if (v.faultPlan !== undefined) {
    if (isText(v.faultPlan)) spec.faultPlan = v.faultPlan;
    else bad();
  }
  for (const k of Object.keys(v)) if (!['handlers', 'nthMax', 'checks', 'faultPlan'].includes(k)) add(`crashSweep.${k} is not a crash-sweep option (handlers, nthMax, checks, faultPlan)`);
  return spec;
}

export function readMeta(data: unknown, add: (m: string) => void): LessonMeta {
  const d = isObj(data) ? data : {};
  if (!isText(d.title)) add('title is missing: every lesson needs a title in its frontmatter');
  if (!isText(d.summary)) add('summary is missing');
  if (!isText(d.goal)) add('goal is missing (one sentence for the goal card)');
  const seeds = Array.isArray(d.seeds) && d.seeds.length > 0 && d.seeds.length <= LESSON_SEEDS_MAX && d.seeds.every(isSeed) ? (d.seeds as number[]) : (add(`seeds must be a list of 1 to ${LESSON_SEEDS_MAX} whole numbers from 0 to ${SEED_MAX}`), []);
  const meta: LessonMeta = {
    title: isText(d.title) ? d.title : '',
    summary: isText(d.summary) ? d.summary : '',
    tags: strings(d.tags, 'tags', add),
    goal: isText(d.goal) ? d.goal : '',
    checks: readChecks(d.checks, add),
    seeds,
    faultPlans: readFaultPlans(d.faultPlans, add),
    demos: readDemos(d.demos, add),
    hints: strings(d.hints, 'hints', add),
    interview: readInterview(d.interview, add),
    predict: readPredictions(d.predict, add),
  };
  const sweep = readCrashSweep(d.crashSweep, add);
  if (sweep !== undefined) meta.crashSweep = sweep;
  if (d.checklist !== undefined) meta.checklist = strings(d.checklist, 'checklist', add);
  const guarantee = readGuarantee(d.guarantee, add);
  if (guarantee) meta.guarantee = guarantee;
  return meta;
}

/** Builds the course from raw files; every shape problem becomes an issue. */
export function buildCourse(raw: RawCourse): { course: Course; issues: ContentIssue[] } {
  const issues: ContentIssue[] = [];
  const folders = new Set<string>();
  for (const path of Object.keys(raw.texts)) {
    const m = /^([^/]+\/[^/]+)\/index\.md$/.exec(path);
    if (m) folders.add(m[1]!);
  }
  for (const folder of Object.keys(raw.scenarios)) if (!folders.has(folder)) issues.push({ where: folder, message: 'has a scenario.ts but no index.md' });
  const parts = new Map<string, Part>();
  const lessons: Lesson[] = [];
  for (const folder of [...folders].sort()) {
    const [partDir, lessonDir] = folder.split('/') as [string, string];
    const where = `${folder}/index.md`;
    const add = (message: string) => issues.push({ where, message });
    let parsed: { data: unknown; body: string };
    try {
      parsed = splitFrontmatter(raw.texts[where]!);
    } catch (error) {
      // The YAML parser recurses: a nesting thousands deep overflows its stack.
      add(yamlProblem(error));
      continue;
    }
    // Frontmatter can come from a pack: plain bounded data (YAML's .inf and .nan, `__proto__` keys, depth) first.
    const shape = shapeIssues(parsed.data, SHARE_BOUNDS);
    if (shape.length > 0) {
      for (const i of shape) add(`frontmatter ${i.path || '(whole)'}: ${i.message}`);
      continue;
    }
    const meta = readMeta(parsed.data, add);
    const partSplit = splitPrefix(partDir);
    let part = parts.get(partDir);
    if (!part) {
      const partMd = raw.texts[`${partDir}/part.md`];
      let partData: unknown = {};
      try {
        partData = partMd ? splitFrontmatter(partMd).data : {};
      } catch (error) {
        issues.push({ where: `${partDir}/part.md`, message: yamlProblem(error) });
      }
      const title = isObj(partData) && isText(partData.title) ? partData.title : titleCase(partSplit.id);
      part = { id: partSplit.id, title, order: partSplit.order, lessons: [] };
      parts.set(partDir, part);
    }
    const files = (kind: 'starter' | 'solution') => {
      const prefix = `${folder}/${kind}/`;
      const out: Record<string, string> = {};
      for (const [p, text] of Object.entries(raw.texts)) if (p.startsWith(prefix)) out[p.slice(prefix.length)] = text;
      return out;
    };
    const variants = (kind: 'wrong' | 'alternatives') => {
      const out: Record<string, Record<string, string>> = {};
      const prefix = `${folder}/${kind}/`;
      for (const [p, text] of Object.entries(raw.texts)) {
        if (!p.startsWith(prefix)) continue;
        const [name, ...rest] = p.slice(prefix.length).split('/');
        if (!name || rest.length === 0) continue;
        (out[name] ??= {})[rest.join('/')] = text;
      }
      return out;
    };
    const wrong: Record<string, WrongAnswer> = {};
    for (const [name, all] of Object.entries(variants('wrong'))) {
      const { 'expect.json': manifest, ...files } = all;
      const at = `${folder}/wrong/${name}/expect.json`;
      let data: unknown;
      try {
        data = manifest === undefined ? undefined : JSON.parse(manifest);
      } catch (error) {
        issues.push({ where: at, message: `is not valid JSON: ${(error as Error).message}` });
        continue;
      }
      if (!isObj(data) || !isText(data.fails) || !isText(data.why)) {
        issues.push({ where: at, message: 'every wrong answer needs expect.json: { "fails": "<check name>", "why": "<the mistake, one sentence>" }' });
        continue;
      }
      wrong[name] = { files, fails: data.fails, why: data.why };
    }
    const alternatives = variants('alternatives');
    const mod = raw.scenarios[folder];
    if (!mod) add('scenario.ts is missing next to index.md');
    const scenarios: Record<string, LessonScenario> = {};
    for (const [name, value] of Object.entries(mod ?? {})) if (isObj(value) && 'services' in value) scenarios[name] = value as unknown as LessonScenario;
    if (mod && !scenarios.default) add('scenario.ts must `export default` the lesson scenario');
    const lessonSplit = splitPrefix(lessonDir);
    const lesson: Lesson = {
      id: lessonSplit.id,
      path: folder,
      part: { id: part.id, title: part.title, order: part.order },
      order: lessonSplit.order,
      meta,
      body: parsed.body,
      scenarios,
      starter: files('starter'),
      solution: files('solution'),
      ...(Object.keys(wrong).length > 0 ? { wrong } : {}),
      ...(Object.keys(alternatives).length > 0 ? { alternatives } : {}),
    };
    part.lessons.push(lesson);
    lessons.push(lesson);
  }
  const sortedParts = [...parts.values()].sort((a, b) => a.order - b.order);
  for (const p of sortedParts) p.lessons.sort((a, b) => a.order - b.order);
  const ordered = sortedParts.flatMap((p) => p.lessons);
  const seen = new Map<string, string>();
  for (const l of ordered) {
    const other = seen.get(l.id);
    if (other) issues.push({ where: l.path, message: `lesson id "${l.id}" is also used by ${other}; ids must be unique once prefixes are stripped` });
    seen.set(l.id, l.path);
  }
  return { course: { parts: sortedParts, lessons: ordered }, issues };
}

export function formatContentIssues(issues: ContentIssue[]): string {
  return issues.map((i) => `lessons/${i.where}: ${i.message}`).join('\n');
}
