// Structural validation of a share state (the current version, after migration). Input comes
// from a stranger's link, so nothing is assumed: every field is checked for shape and bounded
// in size, and each problem is a path + reason. The scenario's *meaning* (entities exist,
// faults are known…) is the engine's validateScenario, run in the worker before anything runs;
// this module stays small and engine-free so it can sit next to the codec. Shapes (depth, sizes,
// non-finite numbers) are checked before this, by bounds.ts, on the raw parsed JSON.

import { BROKER_KINDS, SHARE_VERSION, type ShareState } from './state';
import type { ShareIssue } from './problems';
import { SHARE_BOUNDS, faultBoundIssues, scenarioBoundIssues, seedIssue } from './bounds';
import { FAULT_BOUNDS, SCENARIO_BOUNDS } from '../engine/scenario/bounds';
import { BRANCHES_MAX, BRANCH_NAME_CHARS_MAX } from './branches';

/** Bounds on what a state may hold: a link is data from anyone (engine numbers where it has them). */
export const SHARE_LIMITS = {
  faultsMax: FAULT_BOUNDS.faultsMax,
  handlersMax: 100,
  handlerSourceCharsMax: SCENARIO_BOUNDS.sourceCharsMax,
  idCharsMax: 200,
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= SHARE_LIMITS.idCharsMax;
const isNonNegInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

const KNOWN_FIELDS = new Set(['v', 'source', 'seed', 'faults', 'broker', 'position', 'hash', 'branches']);
const isHash = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{1,64}$/.test(v);

export function validateShareState(input: unknown): ShareIssue[] {
  const issues: ShareIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  if (!isObj(input)) return [{ path: '', message: 'the shared state must be an object' }];
  if (input.v !== SHARE_VERSION) add('v', `expected version ${SHARE_VERSION}, got ${JSON.stringify(input.v)}`);
  for (const key of Object.keys(input)) if (!KNOWN_FIELDS.has(key)) add(key, 'is not a field of a shared run');
  validateSource(input.source, add);
  const seed = seedIssue(input.seed);
  if (seed) add('seed', seed);
  if (!Array.isArray(input.faults)) add('faults', 'must be a list');
  else {
    if (input.faults.length > SHARE_LIMITS.faultsMax) add('faults', `holds ${input.faults.length} faults, at most ${SHARE_LIMITS.faultsMax} are allowed`);
    input.faults.forEach((f, i) => {
      if (!isObj(f) || typeof f.type !== 'string') add(`faults[${i}]`, 'must be a fault with a type');
    });
    issues.push(...faultBoundIssues(input.faults, 'faults'));
  }
  if (input.broker !== undefined && !BROKER_KINDS.includes(input.broker as never)) add('broker', `must be one of ${BROKER_KINDS.join(', ')}`);
  if (!isNonNegInt(input.position)) add('position', 'must be a non-negative integer');
  else if (input.position > SHARE_BOUNDS.limitsMax.eventsMax) add('position', `is ${input.position.toLocaleString('en')}; a run has at most ${SHARE_BOUNDS.limitsMax.eventsMax.toLocaleString('en')} events`);
  if (input.hash !== undefined && !isHash(input.hash)) add('hash', 'must be a hex trace hash');
  if (input.branches !== undefined) validateBranches(input.branches, add, issues);
  return issues;
}

function validateBranches(branches: unknown, add: (path: string, message: string) => void, issues: ShareIssue[]): void {
  if (!Array.isArray(branches)) return add('branches', 'must be a list of branches');
  if (branches.length > BRANCHES_MAX) return add('branches', `holds ${branches.length} branches, at most ${BRANCHES_MAX}`);
  const names = new Set<string>();
  branches.forEach((b, i) => {
    const at = `branches[${i}]`;
    if (!isObj(b)) return add(at, 'must be a branch: { name, position, change }');
    for (const key of Object.keys(b)) if (!['name', 'position', 'change', 'hash'].includes(key)) add(`${at}.${key}`, 'is not a field of a branch');
    if (typeof b.name !== 'string' || b.name.trim() === '' || b.name.length > BRANCH_NAME_CHARS_MAX) add(`${at}.name`, `must be a name of 1 to ${BRANCH_NAME_CHARS_MAX} characters`);
    else if (names.has(b.name)) add(`${at}.name`, `"${b.name}" names two branches`);
    else names.add(b.name);
    if (!isNonNegInt(b.position) || b.position > SHARE_BOUNDS.limitsMax.eventsMax) add(`${at}.position`, 'must be a position in the base run (a non-negative integer)');
    if (b.hash !== undefined && !isHash(b.hash)) add(`${at}.hash`, 'must be a hex trace hash');
    const change = b.change;
    if (!isObj(change)) return add(`${at}.change`, 'must say what the branch changes: { kind: "fault", fault } or { kind: "seed", seed }');
    if (change.kind === 'seed') {
      const seed = seedIssue(change.seed);
      if (seed) add(`${at}.change.seed`, seed);
    } else if (change.kind === 'fault') {
      if (!isObj(change.fault) || typeof change.fault.type !== 'string') add(`${at}.change.fault`, 'must be a fault with a type');
      else issues.push(...faultBoundIssues([change.fault], `${at}.change.fault`).map((x) => ({ ...x, path: x.path.replace(`${at}.change.fault[0]`, `${at}.change.fault`) })));
    } else add(`${at}.change.kind`, `must be "fault" or "seed", got ${JSON.stringify(change.kind)}`);
  });
}

function validateSource(source: unknown, add: (path: string, message: string) => void): void {
  if (!isObj(source)) return add('source', 'must say what runs: a scenario, a built-in scenario or a lesson');
  if (source.kind === 'scenario') {
    const s = source.scenario;
    if (!isObj(s)) return add('source.scenario', 'must be a scenario object');
    if (!isId(s.id)) add('source.scenario.id', 'must be a non-empty string');
    if (!Array.isArray(s.services)) add('source.scenario.services', 'must be a list');
    for (const issue of scenarioBoundIssues(s, 'source.scenario')) add(issue.path, issue.message);
    return;
  }
  if (source.kind === 'lesson' || source.kind === 'builtin') {
    if (source.kind === 'lesson' && !isId(source.lesson)) add('source.lesson', 'must be a lesson id');
    if (source.kind === 'builtin' && !isId(source.id)) add('source.id', 'must be a scenario id');
    const handlers = source.handlers;
    if (!isObj(handlers)) return add('source.handlers', 'must map "Service/Handler" to source code');
    const entries = Object.entries(handlers);
    if (entries.length > SHARE_LIMITS.handlersMax) add('source.handlers', `holds ${entries.length} handlers, at most ${SHARE_LIMITS.handlersMax}`);
    for (const [key, code] of entries) {
      if (!/^[^/]+\/[^/]+$/.test(key)) add(`source.handlers.${key}`, 'key must be "Service/Handler"');
      if (typeof code !== 'string') add(`source.handlers.${key}`, 'must be source code text');
      else if (code.length > SHARE_LIMITS.handlerSourceCharsMax) add(`source.handlers.${key}`, `is ${code.length} characters, at most ${SHARE_LIMITS.handlerSourceCharsMax}`);
    }
    return;
  }
  add('source.kind', `must be "scenario", "builtin" or "lesson", got ${JSON.stringify(source.kind)}`);
}

/** Narrowing helper once validateShareState returned no issues. */
export function asShareState(input: unknown): ShareState {
  return input as ShareState;
}
