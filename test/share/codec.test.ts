// The share codec: every built-in scenario (and lesson) goes state → link → state and state →
// file → state and replays to the same trace hash; links stay short; and every link in the bad
// corpus gives a clear problem and leaves saved work alone.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScenario, type Scenario } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';
import {
  LINK_WARN_CHARS, SHARE_ROUTE, SHARE_VERSION, decodePayload, describeProblem, encodeState, fileState, readState, scenarioOf,
  shareStateOf, sharePayloadOf, shareUrl, stateFromFile, stateToFile, withHandlerSources, type ShareState,
} from '../../src/share/index';
import { MemoryStorage, badLinks, catalog, lessons } from './fixtures';

const BASE = 'https://example.org/brokerlab/index.html?x=1#/lessons/old';

function replayHash(state: ShareState): string {
  const scenario = scenarioOf(state, catalog);
  if (!scenario) throw new Error('scenario not found');
  return runScenario(scenario, { seed: state.seed, faults: state.faults }).hash;
}

function viaLink(state: ShareState): ShareState {
  const url = shareUrl(BASE, encodeState(state));
  const payload = sharePayloadOf(new URL(url).hash);
  if (payload === null) throw new Error('no payload in ' + url);
  const decoded = decodePayload(payload);
  if (!decoded.ok) throw new Error(describeProblem(decoded.problem));
  return decoded.value;
}

function viaFile(state: ShareState): ShareState {
  const read = stateFromFile(stateToFile(fileState(state, catalog)));
  if (!read.ok) throw new Error(describeProblem(read.problem));
  return read.value;
}

function firstFaultFor(s: Scenario) {
  return [{ type: 'duplicate-delivery', service: s.services.at(-1)!.name, nth: 1 }];
}

describe('round trip: every built-in scenario', () => {
  for (const scenario of builtinScenarios) {
    for (const seed of [scenario.seeds?.[0] ?? 1, 7]) {
      it(`${scenario.id} seed ${seed}: link and file replay the same trace`, () => {
        const faults = firstFaultFor(scenario);
        const expected = runScenario(scenario, { seed, faults });
        const state = shareStateOf({ scenario, seed, faults, position: Math.floor(expected.trace.length / 2), hash: expected.hash }, scenario);
        expect(state.source.kind).toBe('builtin');
        for (const copy of [viaLink(state), viaFile(state)]) {
          expect(copy.seed).toBe(seed);
          expect(copy.position).toBe(state.position);
          expect(copy.faults).toEqual(faults);
          expect(copy.hash).toBe(expected.hash);
          expect(replayHash(copy)).toBe(expected.hash);
        }
      });
    }
  }

  it('carries a custom scenario whole, and edited handler code by reference', () => {
    const base = builtinScenarios[0]!;
    const custom = { ...base, id: 'my-own', title: 'My own' };
    const state = shareStateOf({ scenario: custom, seed: 3, faults: [], position: 0 }, undefined);
    expect(state.source.kind).toBe('scenario');
    expect(replayHash(viaLink(state))).toBe(runScenario(custom, { seed: 3 }).hash);

    const svc = base.services.find((s) => s.handlers.some((h) => 'source' in h.code))!;
    const h = svc.handlers.find((x) => 'source' in x.code)!;
    const edited = withHandlerSources(base, { [`${svc.name}/${h.name}`]: `${(h.code as { source: string }).source}\n// edited\n` });
    const editedState = shareStateOf({ scenario: edited, seed: 3, faults: [], position: 0 }, base);
    expect(editedState.source).toMatchObject({ kind: 'builtin', handlers: { [`${svc.name}/${h.name}`]: expect.stringContaining('// edited') } });
    expect(replayHash(viaLink(editedState))).toBe(runScenario(edited, { seed: 3 }).hash);
  });

  it('carries the broker choice', () => {
    const base = builtinScenarios[0]!;
    const other = { ...base, broker: 'rabbitmq' as const };
    const state = shareStateOf({ scenario: other, seed: 1, faults: [], position: 0 }, base);
    expect(state.broker).toBe('rabbitmq');
    expect(scenarioOf(viaLink(state), catalog)?.broker).toBe('rabbitmq');
  });

  it('keeps links for built-in scenarios well under the warning size', () => {
    for (const scenario of builtinScenarios) {
      const url = shareUrl(BASE, encodeState(shareStateOf({ scenario, seed: 42, faults: [], position: 120, hash: 'a1b2c3d4e5f60718' }, scenario)));
      expect(url.length).toBeLessThan(LINK_WARN_CHARS / 4);
    }
  });

  it('is deterministic: the same state gives the same link', () => {
    const s = builtinScenarios[1]!;
    const state = shareStateOf({ scenario: s, seed: 9, faults: [], position: 4 }, undefined);
    expect(encodeState(state)).toBe(encodeState(structuredClone(state)));
  });

  it('puts the payload in the fragment, replacing any route there', () => {
    const url = shareUrl(BASE, 'PAYLOAD');
    expect(url).toBe(`https://example.org/brokerlab/index.html?x=1${SHARE_ROUTE}PAYLOAD`);
    expect(sharePayloadOf('#/lessons/x')).toBeNull();
  });
});

describe('round trip: every lesson, starter and solved', () => {
  it('finds the course', () => expect(lessons.length).toBeGreaterThan(0));
  for (const lesson of lessons) {
    for (const [code, scenario] of [['starter', lesson.scenario], ['solution', lesson.solved]] as const) {
      it(`${lesson.id} (${code}): link and file replay the same trace`, () => {
        const seed = scenario.seeds?.[0] ?? 1;
        const expected = runScenario(scenario, { seed });
        const state = shareStateOf({ scenario, seed, faults: [], position: 0, hash: expected.hash, lessonId: lesson.id }, lesson.scenario);
        expect(state.source.kind).toBe('lesson');
        if (state.source.kind === 'lesson') expect(Object.keys(state.source.handlers).length > 0).toBe(code === 'solution');
        expect(replayHash(viaLink(state))).toBe(expected.hash);
        expect(replayHash(viaFile(state))).toBe(expected.hash);
      });
    }
  }
});

describe('bad links', () => {
  const good = encodeState(shareStateOf({ scenario: builtinScenarios[0]!, seed: 42, faults: [], position: 0 }, undefined));
  let storage: MemoryStorage;
  let before: string;
  const saved = globalThis.localStorage;

  beforeEach(() => {
    storage = new MemoryStorage();
    storage.setItem('brokerlab.edits.order-flow', JSON.stringify({ 'Inventory/ReserveStock': 'export default …' }));
    storage.setItem('brokerlab.theme', 'dark');
    before = storage.dump();
    Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
  });
  afterEach(() => {
    Object.defineProperty(globalThis, 'localStorage', { value: saved, configurable: true });
  });

  for (const bad of badLinks(good)) {
    it(`${bad.name}: "${bad.kind}", with a clear message, saved work untouched`, () => {
      const result = decodePayload(bad.payload);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problem.kind).toBe(bad.kind);
      expect(result.problem.title.length).toBeGreaterThan(10);
      expect(result.problem.detail.length).toBeGreaterThan(10);
      expect(describeProblem(result.problem)).not.toMatch(/undefined|\[object|at .*\.ts/);
      expect(storage.dump()).toBe(before);
    });
  }

  it('lists each invalid field with its path', () => {
    const bad = badLinks(good).find((b) => b.name.includes('invalid state'))!;
    const result = decodePayload(bad.payload);
    expect(result.ok || result.problem.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['source.id', 'seed', 'faults', 'position']));
  });

  it('accepts a link some app percent-encoded', () => {
    expect(decodePayload(good.replace(/-/g, '%2D')).ok).toBe(true);
  });

  it('refuses files that are not Brokerlab runs', () => {
    for (const [text, kind] of [['{nope', 'corrupt'], ['{"v":1}', 'malformed'], ['[]', 'malformed'], [JSON.stringify({ format: 'brokerlab-run', v: SHARE_VERSION + 1 }), 'newer-version']] as const) {
      const r = stateFromFile(text);
      expect(r.ok || r.problem.kind).toBe(kind);
    }
  });

  it('reads the state only through readState (no shortcut around validation)', () => {
    expect(readState({ v: 1 }).ok).toBe(false);
  });
});
