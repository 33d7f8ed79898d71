// What a shared run (a link, a `.brokerlab.json` file, an embed's URL) may ask for. Shared
// runs are data from anyone, so before anything of one is cloned, migrated or sent to the
// worker it is walked once, iteratively (a 100,000-deep nesting cannot overflow the stack
// here, as it would in structured cloning), and every value outside these bounds is an issue
// with its path and a reason. The numbers are the engine's own (src/engine/scenario/bounds.ts):
// a link is refused here, early and with its path, for what the engine would refuse anyway.

import { FAULT_BOUNDS, LIMITS_CEILING, SCENARIO_BOUNDS, SEED_MAX } from '../engine/scenario/bounds';
import type { ShareIssue } from './problems';
import { FORBIDDEN_KEYS } from '../engine/scenario/named';

export const SHARE_BOUNDS = {
  /** Nesting of objects and lists anywhere in a shared run. */
  depthMax: SCENARIO_BOUNDS.depthMax,
  /** Values (objects, lists, strings, numbers…) in one shared run: the walk's own bound. */
  valuesMax: 200_000,
  /** Characters of any one string (handler source code is the longest allowed). */
  stringCharsMax: SCENARIO_BOUNDS.sourceCharsMax,
  /** Seeds are whole numbers in the unsigned 32-bit range. */
  seedMax: SEED_MAX,
  /** Requests one workload generator may send. */
  workloadCountMax: SCENARIO_BOUNDS.workloadCountMax,
  /** Extra requests one traffic spike may send. */
  spikeCountMax: FAULT_BOUNDS.trafficSpikeCountMax,
  /** The most a shared run may set each run limit to. */
  limitsMax: LIMITS_CEILING as Readonly<Record<string, number>>,
  /** Issues reported at most (a hostile file could otherwise produce millions). */
  issuesMax: 20,
} as const;

type Obj = Record<string, unknown>;

/** The bounds of a shape walk: a file other than a shared run may set its own. */
export interface ShapeBounds { depthMax: number; valuesMax: number; stringCharsMax: number; issuesMax: number }

/** Paths name at most this many levels; deeper ones end in "…". */
const PATH_LEVELS_SHOWN = 8;

/** A path segment for a key, readable and short however hostile the key or the nesting is. */
function segment(parent: string, key: string | number, depth: number): string {
  if (depth > PATH_LEVELS_SHOWN) return parent.endsWith('…') ? parent : `${parent}…`;
  if (typeof key === 'number') return `${parent}[${key}]`;
  const safe = /^[A-Za-z_$][\w$-]{0,40}$/.test(key) ? key : JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
  return parent ? `${parent}.${safe}` : safe;
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value);
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
}

/**
 * Shape problems anywhere in `value`: nesting too deep, too many values, a string too long,
 * a number that is not finite (JSON's `1e999` parses to Infinity), a `__proto__`, `constructor`
 * or `prototype` key, or
 * anything JSON cannot hold. Iterative, so it never overflows the stack.
 */
export function shapeIssues(value: unknown, bounds: ShapeBounds = SHARE_BOUNDS): ShareIssue[] {
  const issues: ShareIssue[] = [];
  const stack: Array<[unknown, string, number]> = [[value, '', 0]];
  let values = 0;
  while (stack.length > 0 && issues.length < bounds.issuesMax) {
    const [v, path, depth] = stack.pop()!;
    if (++values > bounds.valuesMax) {
      issues.push({ path, message: `is where the data passes ${bounds.valuesMax.toLocaleString('en')} values; no Brokerlab run or file needs that many` });
      break;
    }
    if (v === null || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) issues.push({ path, message: `must be a finite number, got ${describe(v)}` });
      continue;
    }
    if (typeof v === 'string') {
      if (v.length > bounds.stringCharsMax) issues.push({ path, message: `is ${v.length.toLocaleString('en')} characters long, at most ${bounds.stringCharsMax.toLocaleString('en')} are allowed` });
      continue;
    }
    if (typeof v !== 'object') {
      issues.push({ path, message: `is ${typeof v}, which is not JSON data` });
      continue;
    }
    if (depth >= bounds.depthMax) {
      issues.push({ path, message: `nests deeper than ${bounds.depthMax} levels; a Brokerlab run never needs that` });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], segment(path, i, depth + 1), depth + 1]);
      continue;
    }
    const keys = Object.keys(v as Obj);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (FORBIDDEN_KEYS.has(key)) issues.push({ path: segment(path, key, depth + 1), message: 'is not allowed as a key (every object has it built in)' });
      else stack.push([(v as Obj)[key], segment(path, key, depth + 1), depth + 1]);
    }
  }
  return issues;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A seed problem, or null: a whole number from 0 to SHARE_BOUNDS.seedMax. */
export function seedIssue(seed: unknown): string | null {
  if (typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= SHARE_BOUNDS.seedMax) return null;
  return `must be a whole number from 0 to ${SHARE_BOUNDS.seedMax.toLocaleString('en')}, got ${describe(seed)}`;
}

/** A `count` of requests above `max`, else null. */
function countIssue(count: unknown, what: string, max: number): string | null {
  return typeof count === 'number' && count > max
    ? `asks for ${count.toLocaleString('en')} ${what}; a shared run may ask for at most ${max.toLocaleString('en')}`
    : null;
}

/** Faults beyond what a link may ask for: too many, or a traffic spike too large. */
export function faultBoundIssues(faults: unknown, path: string): ShareIssue[] {
  if (!Array.isArray(faults)) return [];
  const issues: ShareIssue[] = [];
  if (faults.length > FAULT_BOUNDS.faultsMax) issues.push({ path, message: `holds ${faults.length} faults, at most ${FAULT_BOUNDS.faultsMax} are allowed` });
  faults.forEach((f, i) => {
    const message = isObj(f) && f.type === 'traffic-spike' ? countIssue(f.count, 'extra requests', SHARE_BOUNDS.spikeCountMax) : null;
    if (message) issues.push({ path: `${path}[${i}].count`, message });
  });
  return issues;
}

/** What a whole shared scenario asks for: seeds, run limits, workload sizes, fault sizes. */
export function scenarioBoundIssues(scenario: Obj, path: string): ShareIssue[] {
  const issues: ShareIssue[] = [];
  if (Array.isArray(scenario.seeds)) {
    scenario.seeds.forEach((s, i) => {
      const message = seedIssue(s);
      if (message) issues.push({ path: `${path}.seeds[${i}]`, message });
    });
  }
  if (isObj(scenario.limits)) {
    for (const [key, max] of Object.entries(SHARE_BOUNDS.limitsMax)) {
      const v = scenario.limits[key];
      if (typeof v === 'number' && v > max) issues.push({ path: `${path}.limits.${key}`, message: `is ${v.toLocaleString('en')}; a shared run may set it to at most ${max.toLocaleString('en')}` });
    }
  }
  if (Array.isArray(scenario.workload)) {
    scenario.workload.forEach((w, i) => {
      const message = isObj(w) ? countIssue(w.count, 'requests', SHARE_BOUNDS.workloadCountMax) : null;
      if (message) issues.push({ path: `${path}.workload[${i}].count`, message });
    });
  }
  issues.push(...faultBoundIssues(scenario.faults, `${path}.faults`));
  return issues;
}
