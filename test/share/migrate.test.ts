// Migration: a synthetic v0 state (the unreleased prototype format) opens as v1 and replays
// the same run; the hook applies steps in order; gaps and newer versions are refused clearly.

import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { runScenario } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';
import { CODEC_TAG, SHARE_VERSION, decodePayload, migrate, scenarioOf, toBase64Url } from '../../src/share/index';
import { catalog } from './fixtures';

const linkOf = (state: unknown) => `${CODEC_TAG}.${toBase64Url(deflateSync(strToU8(JSON.stringify(state))))}`;

describe('share state migration', () => {
  it('opens a v0 link naming a built-in scenario as v1, with the same run', () => {
    const s = builtinScenarios[0]!;
    const v0 = { version: 0, scenarioId: s.id, seed: 5, faultPlan: [], cursor: 12 };
    const result = decodePayload(linkOf(v0));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual({ v: SHARE_VERSION, source: { kind: 'builtin', id: s.id, handlers: {} }, seed: 5, faults: [], position: 12 });
    expect(runScenario(scenarioOf(result.value, catalog)!, { seed: 5 }).hash).toBe(runScenario(s, { seed: 5 }).hash);
  });

  it('opens a v0 link carrying a whole scenario', () => {
    const s = builtinScenarios[1]!;
    const result = decodePayload(linkOf({ version: 0, scenario: s, seed: 2, cursor: 0 }));
    expect(result.ok && result.value.source).toEqual({ kind: 'scenario', scenario: s });
  });

  it('applies migrations in order through the hook', () => {
    const seen: number[] = [];
    const table = {
      0: (x: Record<string, unknown>) => { seen.push(0); return { ...x, version: undefined, v: 1 }; },
      1: (x: Record<string, unknown>) => { seen.push(1); return { ...x, v: 2, renamed: true }; },
    };
    const r = migrate({ version: 0 }, table, 2);
    expect(seen).toEqual([0, 1]);
    expect(r.ok && r.value).toMatchObject({ v: 2, renamed: true });
  });

  it('refuses a version with no migration path, and a newer one', () => {
    const gap = migrate({ v: 0 }, {}, 1);
    expect(gap.ok || gap.problem.kind).toBe('unsupported-version');
    const newer = migrate({ v: SHARE_VERSION + 1 });
    expect(newer.ok || newer.problem.kind).toBe('newer-version');
    expect(newer.ok || newer.problem.detail).toMatch(/Reload/);
  });
});
