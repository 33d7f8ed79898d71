// What-if branches in the share format (v2): they round-trip through links and files, replay
// to the hashes they were shared with, are validated field by field like the rest of a link,
// and any handler code a branch deploys is listed for consent before it runs.
import { describe, expect, it } from 'vitest';
import { runScenario, type FaultSpec } from '../../src/engine/index';
import { orderFlow } from '../../src/scenarios/order-flow';
import {
  SHARE_VERSION, branchInputs, decodePayload, encodeState, foreignDeploys, migrate, nextBranchName, readState, scenarioOf,
  stateFromFile, stateToFile, type Branch, type ShareState,
} from '../../src/share/index';
import { firstDivergence } from '../../src/projections/run-diff';
import { catalog } from './fixtures';

const base: ShareState = { v: SHARE_VERSION, source: { kind: 'builtin', id: orderFlow.id, handlers: {} }, seed: 42, faults: [], position: 40 };
const run = (seed: number, faults: FaultSpec[]) => runScenario(orderFlow, { seed, faults });
const baseRun = run(42, []);
/** Faults made at a cursor strike the tick after its last event (as the fault presets do). */
const tickAt = (position: number) => baseRun.trace[position - 1]!.tick + 1;
const service = orderFlow.services.find((s) => s.handlers.some((h) => h.consumes))!;
const handler = service.handlers.find((h) => h.consumes)!;
const crash: Branch = { name: 'Crash', position: 40, change: { kind: 'fault', fault: { type: 'crash', service: service.name, atTick: tickAt(40), restartAfterTicks: 500 } } };
const reseed: Branch = { name: 'Seed 7', position: 40, change: { kind: 'seed', seed: 7 } };
const newCode = `import { defineHandler } from 'brokerlab';\nexport default defineHandler('${handler.name}', async () => {});\n`;
const deploy: Branch = { name: 'Empty handler', position: 40, change: { kind: 'fault', fault: { type: 'deploy', service: service.name, atTick: tickAt(40), handlers: { [handler.name]: newCode } } } };

function withHashes(state: ShareState): ShareState {
  return { ...state, hash: baseRun.hash, branches: state.branches?.map((b) => ({ ...b, hash: run(branchInputs(state, b).seed, branchInputs(state, b).faults).hash })) };
}

describe('what-if branches', () => {
  const shared = withHashes({ ...base, branches: [crash, reseed, deploy] });

  it('travel in a link and a file and replay to the hashes they were shared with', () => {
    const fromLink = decodePayload(encodeState(shared));
    const fromFile = stateFromFile(stateToFile(shared));
    for (const opened of [fromLink, fromFile]) {
      expect(opened.ok).toBe(true);
      if (!opened.ok) continue;
      expect(opened.value.branches).toEqual(shared.branches);
      for (const b of opened.value.branches!) {
        const inputs = branchInputs(opened.value, b);
        expect(runScenario(scenarioOf(opened.value, catalog)!, inputs).hash).toBe(b.hash);
      }
    }
    expect(new Set(shared.branches!.map((b) => b.hash)).size).toBe(3);
    expect(shared.branches!.every((b) => b.hash !== shared.hash)).toBe(true);
  });

  it('a fault at the cursor keeps the history before it; another seed changes the run from the start', () => {
    for (const b of [crash, deploy]) {
      const i = branchInputs(base, b);
      const at = firstDivergence(baseRun.trace, run(i.seed, i.faults).trace)!;
      expect(at).toBeGreaterThanOrEqual(b.position);
      expect(baseRun.trace[at]!.tick).toBeGreaterThanOrEqual(tickAt(b.position));
      expect(baseRun.trace[at - 1]!.tick).toBeLessThan(tickAt(b.position));
    }
    expect(firstDivergence(baseRun.trace, run(7, []).trace)).toBe(0);
    expect(firstDivergence(baseRun.trace, run(42, []).trace)).toBeNull();
  });

  it('a v1 link opens as v2 without branches', () => {
    const migrated = migrate({ ...base, v: 1 });
    expect(migrated.ok && migrated.value).toEqual({ ...base, v: 2 });
  });

  it('refuses malformed branches field by field', () => {
    const bad = (branches: unknown) => {
      const r = readState({ ...base, branches });
      return r.ok ? [] : r.problem.issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect(bad('x')).toEqual(['branches: must be a list of branches']);
    expect(bad(Array.from({ length: 5 }, (_, i) => ({ ...reseed, name: `b${i}` })))).toEqual(['branches: holds 5 branches, at most 4']);
    expect(bad([reseed, reseed])).toEqual(['branches[1].name: "Seed 7" names two branches']);
    expect(bad([{ ...reseed, change: { kind: 'seed', seed: -1 } }])[0]).toMatch(/^branches\[0\]\.change\.seed: must be a whole number/);
    expect(bad([{ ...reseed, change: { kind: 'handler' } }])).toEqual(['branches[0].change.kind: must be "fault" or "seed", got "handler"']);
    expect(bad([{ ...crash, name: '' }])[0]).toMatch(/^branches\[0\]\.name: must be a name of 1 to 60/);
    expect(bad([{ ...crash, script: 'x' }])).toEqual(['branches[0].script: is not a field of a branch']);
    expect(bad([{ ...crash, change: { kind: 'fault', fault: { type: 'traffic-spike', count: 10_000_000 } } }])[0]).toMatch(/^branches\[0\]\.change\.fault\.count: asks for 10,000,000/);
  });

  it('lists the code a branch deploys for consent, unless it is the shipped code', () => {
    const scenario = scenarioOf(base, catalog)!;
    const listed = foreignDeploys({ faults: [], branches: [crash, deploy] }, scenario, orderFlow);
    expect(listed).toEqual([{ service: service.name, handler: handler.name, source: newCode, lines: 3, replacesShipped: true, where: `deployed at ${tickAt(40).toLocaleString('en')} ms in Empty handler` }]);
    const shippedCode = 'source' in handler.code ? handler.code.source : '';
    const same: Branch = { ...deploy, change: { kind: 'fault', fault: { type: 'deploy', service: service.name, atTick: 1, handlers: { [handler.name]: shippedCode } } } };
    expect(foreignDeploys({ faults: [], branches: [same] }, scenario, orderFlow)).toEqual([]);
    expect(foreignDeploys({ faults: [deploy.change.kind === 'fault' ? deploy.change.fault : { type: 'x' }] }, scenario, orderFlow)[0]!.where).toBe(`deployed at ${tickAt(40).toLocaleString('en')} ms`);
  });

  it('names new branches without collisions', () => {
    expect(nextBranchName([])).toBe('Branch 1');
    expect(nextBranchName(['Branch 1', 'Branch 3'])).toBe('Branch 2');
  });
});
