// Hostile shared runs: links and `.brokerlab.json` files built to hurt — nesting 100,000 levels
// deep (structured cloning it for the worker overflowed the stack), too many values, huge
// strings, non-finite numbers, `__proto__` keys, seeds that are not whole numbers in range, and
// runs that ask for more than the engine runs by default (events, spike sizes, workloads).
// Each is refused before anything is cloned or sent to the worker, as one "invalid" problem
// whose issues name the path and the reason, quickly, and nothing saved is touched.

import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { builtinScenarios } from '../../src/scenarios/index';
import { CODEC_TAG, FILE_FORMAT, SHARE_BOUNDS, decodePayload, describeProblem, shapeIssues, stateFromFile, toBase64Url, type ShareProblem } from '../../src/share/index';

const payloadOf = (json: string) => `${CODEC_TAG}.${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`;
const builtin = (extra: object) => ({ v: 1, source: { kind: 'builtin', id: 'order-flow', handlers: {} }, seed: 42, faults: [], position: 0, ...extra });
const withScenario = (patch: (s: Record<string, unknown>) => void) => {
  const scenario = structuredClone(builtinScenarios[0]!) as unknown as Record<string, unknown>;
  patch(scenario);
  return JSON.stringify({ v: 1, source: { kind: 'scenario', scenario }, seed: 42, faults: [], position: 0 });
};
const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const deepList = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** [name, the state's JSON text, a path the problem must name, words its reason must hold]. */
const CORPUS: Array<[string, string, string, RegExp]> = [
  ['a scenario nesting 100,000 levels deep', withScenario((s) => { s.summary = '§'; }).replace('"§"', deepObject(100_000)), 'source.scenario.summary', /nests deeper than 64/],
  ['a list nesting 100,000 levels deep in the faults', JSON.stringify(builtin({ faults: '§' })).replace('"§"', deepList(100_000)), 'faults', /nests deeper/],
  ['300,000 values', JSON.stringify(builtin({ faults: [{ type: 'drop', pad: new Array(300_000).fill(0) }] })), 'faults[0].pad', /passes 200,000 values/],
  ['a 250,000-character title', withScenario((s) => { s.title = 'x'.repeat(250_000); }), 'source.scenario.title', /250,000 characters/],
  ['Infinity (1e999) as a run limit', withScenario((s) => { s.limits = { ticksMax: '§' }; }).replace('"§"', '1e999'), 'source.scenario.limits.ticksMax', /finite number, got Infinity/],
  ['-Infinity as a seed', JSON.stringify(builtin({ seed: '§' })).replace('"§"', '-1e999'), 'seed', /finite number/],
  ['a __proto__ key', JSON.stringify(builtin({})).replace('"faults":[]', '"faults":[{"type":"drop","__proto__":{"polluted":true}}]'), 'faults[0].__proto__', /not allowed/],
  ['seed "7"', JSON.stringify(builtin({ seed: '7' })), 'seed', /whole number from 0 to 4,294,967,295, got "7"/],
  ['seed 1.5', JSON.stringify(builtin({ seed: 1.5 })), 'seed', /got 1\.5/],
  ['seed -1', JSON.stringify(builtin({ seed: -1 })), 'seed', /got -1/],
  ['seed null', JSON.stringify(builtin({ seed: null })), 'seed', /got null/],
  ['seed 1e300', JSON.stringify(builtin({ seed: 1e300 })), 'seed', /got 1e\+300/],
  ['seed 2^32', JSON.stringify(builtin({ seed: 2 ** 32 })), 'seed', /whole number/],
  ['a scenario seed 1e300', withScenario((s) => { s.seeds = [1e300]; }), 'source.scenario.seeds[0]', /whole number/],
  ['a traffic spike of 800,000 requests', JSON.stringify(builtin({ faults: [{ type: 'traffic-spike', service: 'Ordering', handler: 'PlaceOrder', atTick: 0, count: 800_000 }] })), 'faults[0].count', /800,000 extra requests; a shared run may ask for at most 10,000/],
  ['a scenario traffic spike of 10^9', withScenario((s) => { s.faults = [{ type: 'traffic-spike', service: 'Ordering', handler: 'PlaceOrder', atTick: 0, count: 1e9 }]; }), 'source.scenario.faults[0].count', /at most 10,000/],
  ['a workload of a million orders', withScenario((s) => { (s.workload as { count: number }[])[0]!.count = 1_000_000; }), 'source.scenario.workload[0].count', /1,000,000 requests/],
  ['eventsMax raised to 10 million', withScenario((s) => { s.limits = { eventsMax: 10_000_000 }; }), 'source.scenario.limits.eventsMax', /at most 2,000,000/],
  ['handlerWorkMax raised', withScenario((s) => { s.limits = { handlerWorkMax: 1e12 }; }), 'source.scenario.limits.handlerWorkMax', /at most 10,000,000/],
  ['a cursor past any run', JSON.stringify(builtin({ position: 1e12 })), 'position', /at most 2,000,000 events/],
];

function expectRefused(result: { ok: true } | { ok: false; problem: ShareProblem }, path: string, reason: RegExp): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.problem.kind).toBe('invalid');
  const issue = result.problem.issues.find((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
  expect(issue, describeProblem(result.problem)).toBeDefined();
  expect(issue!.message).toMatch(reason);
  expect(result.problem.issues.length).toBeLessThanOrEqual(SHARE_BOUNDS.issuesMax + 5);
  expect(describeProblem(result.problem)).not.toMatch(/undefined|\[object|Maximum call stack|at .*\.ts/);
}

describe('hostile shared runs', () => {
  for (const [name, json, path, reason] of CORPUS) {
    it(`link: ${name} → ${path || '(whole)'}`, () => expectRefused(decodePayload(payloadOf(json)), path, reason));
    it(`file: ${name} → ${path || '(whole)'}`, () => expectRefused(stateFromFile(`{"format":"${FILE_FORMAT}",${json.slice(1)}`), path, reason));
  }

  it('walks a 100,000-deep nesting without recursion and stops at the bound', () => {
    const deep = JSON.parse(deepObject(100_000));
    expect(() => structuredClone(deep)).toThrow(/call stack/); // what used to reach postMessage
    const issues = shapeIssues(deep);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('a.a.a.a.a.a.a.a…');
  });

  it('keeps hostile keys short and readable in paths', () => {
    const issues = shapeIssues({ ['k'.repeat(500) + '\n']: { x: 1e999 }, 'a b': [Infinity] });
    expect(issues.map((i) => i.path)).toEqual([`"${'k'.repeat(40)}…".x`, '"a b"[0]']);
  });

  it('accepts every built-in scenario within the bounds', () => {
    for (const s of builtinScenarios) expect(shapeIssues(JSON.parse(JSON.stringify(s))), s.id).toEqual([]);
  });
});
