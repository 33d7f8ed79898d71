// Realms made from a template snapshot (src/realm/quickjs.ts) are as fresh as booted ones: a
// released realm gives its wasm instance back to the pool and the next realm in that instance
// sees nothing of it — globals, changed built-ins, the Symbol registry, module state, memory it
// filled. And a realm restored from the template behaves byte for byte like one booted in an
// instance made on the spot (when the pool is empty): same answers, same trace hash. Every realm
// has an instance of its own, whose memory is capped: many allocations, each small, cannot take
// more than the cap, and an instance whose memory grew is never used again.
import { describe, expect, it } from 'vitest';
import { RealmMeter, ServiceRealm, startPayload } from '../../src/engine/handlers/realm';
import { compileHandler } from '../../src/engine/handlers/compile';
import { loadHandlerRealmInNode } from '../../src/realm/node';
import { runScenario } from '../../src/engine/index';
import { oneQueueScenario } from './helpers';

const quickjs = (await loadHandlerRealmInNode()) as unknown as { counts: { restored: number; booted: number; onDemand: number; grownDropped: number } };
const env = { now: () => 0, random: () => 0.25, workMax: 1_000_000, callDepthMax: 400, group: {} };

/** Loads `source` as handler "h" in a new realm and runs it once; returns what it answered. */
function runIn(realm: ServiceRealm, source: string): string {
  const { js } = compileHandler(source, 'probe.ts');
  const loaded = realm.load('h', js, 'probe.ts', new RealmMeter(env.workMax));
  if (loaded !== '') return `load:${loaded}`;
  const id = realm.enroll(() => undefined, () => true);
  const info = { service: 'S', handler: 'h', attempt: 1, idempotencyKey: 'k' };
  return realm.start(new RealmMeter(env.workMax), startPayload(id, { id: 'm', type: 'T', body: {}, headers: {} }, info, null));
}

const PROBE = `export default () => JSON.stringify([
  typeof (globalThis as any).leaked, ({} as any).polluted, [1, 2].push(3), parseInt('7'), Symbol.keyFor(Symbol.for('reg')),
  Object.getOwnPropertyNames(globalThis).length, typeof (Array.prototype as any).extra, JSON.stringify({ a: 1 }), String(Math.random()), new Date(0).toISOString(),
]);`;

const SPOIL = `(globalThis as any).leaked = 1; (Object.prototype as any).polluted = 1; Array.prototype.push = () => 0; (globalThis as any).parseInt = () => 0;
(Array.prototype as any).extra = () => 0; JSON.stringify = () => 'spoiled'; (globalThis as any).kept = new Array(1e6).fill(7);
export default () => 'spoiled';`;

describe('realms from the pool', () => {
  it('start clean in an instance a spoiled realm gave back', () => {
    const clean = new ServiceRealm('clean', env);
    const expected = runIn(clean, PROBE);
    clean.release();
    expect(expected).toMatch(/^d0,0,/);
    for (let i = 0; i < 3; i++) {
      const spoiled = new ServiceRealm('spoiled', env);
      expect(runIn(spoiled, SPOIL)).toBe('d0,0,"spoiled"');
      spoiled.release();
      const before = quickjs.counts.restored;
      const next = new ServiceRealm('next', env);
      expect(quickjs.counts.restored).toBe(before + 1); // made from the template, in the instance just given back
      expect(runIn(next, PROBE)).toBe(expected);
      next.release();
    }
  });

  it('answer exactly as a realm booted in a fresh instance does', () => {
    const booted = new ServiceRealm('booted', { ...env, callDepthMax: 399 }); // a prelude key of its own: booted, not restored
    const fromBoot = runIn(booted, PROBE);
    booted.release();
    const restored = new ServiceRealm('restored', env);
    expect(runIn(restored, PROBE)).toBe(fromBoot);
    restored.release();
  });

  it('give the same trace hash whether realms come from the pool or from instances made on the spot', () => {
    const scenario = oneQueueScenario(`const seen = new Set<string>();
export default async (msg, ctx) => {
  seen.add(msg.id);
  ctx.log([seen.size, Math.random().toFixed(6), new Date().toISOString(), /(a|b)+c/.test('ababc'), [3, 1, 2].sort().join()].join(' '));
  await ctx.work(3);
  ctx.db.put('seen', msg.id, { n: seen.size });
};`, { count: 6 });
    const pooled = runScenario(scenario, { seed: 4 }).hash;
    // Hold every free instance so the next realms get instances made on the spot.
    const held: ServiceRealm[] = [];
    const onDemand = quickjs.counts.onDemand;
    while (quickjs.counts.onDemand === onDemand) held.push(new ServiceRealm('held', { ...env, group: {} }));
    const before = quickjs.counts.onDemand;
    const madeOnTheSpot = runScenario(scenario, { seed: 4 }).hash;
    expect(quickjs.counts.onDemand).toBeGreaterThan(before);
    for (const r of held) r.release();
    expect(madeOnTheSpot).toBe(pooled);
  });

  it('caps each realm\'s memory: many allocations kept, each far under the cap, fail the attempt with a named error; the instance is not reused', () => {
    const hoard = `export default () => { const kept: unknown[] = []; for (let i = 0; i < 400; i++) kept.push(new Array(100000).fill(i)); return 'kept ' + kept.length; };`;
    const dropped = quickjs.counts.grownDropped;
    const realm = new ServiceRealm('hoard', env);
    let failure: unknown;
    try {
      runIn(realm, hoard);
    } catch (error) {
      failure = (error as { error?: unknown }).error;
    }
    expect(String(failure)).toMatch(/^MemoryLimitExceeded: handler exceeded its memory limit of 32 MB/);
    realm.release();
    expect(quickjs.counts.grownDropped).toBe(dropped + 1);
    const next = new ServiceRealm('next', env);
    expect(runIn(next, PROBE)).toMatch(/^d0,0,/);
    next.release();
  });

  it('fails a memory bomb at the same point whether its realm comes from the pool or from an instance made on the spot', () => {
    const bomb = oneQueueScenario(`const kept: Float64Array[] = [];
export default async (msg, ctx) => { for (;;) { kept.push(new Float64Array(8192)); if (kept.length % 100 === 0) ctx.log('kept ' + kept.length); } };`, { queue: { maxDeliveryCount: 2 } });
    const pooled = runScenario(bomb);
    const held: ServiceRealm[] = [];
    const onDemand = quickjs.counts.onDemand;
    while (quickjs.counts.onDemand === onDemand) held.push(new ServiceRealm('held', { ...env, group: {} }));
    const before = quickjs.counts.onDemand;
    const madeOnTheSpot = runScenario(bomb);
    expect(quickjs.counts.onDemand).toBeGreaterThan(before);
    for (const r of held) r.release();
    expect(madeOnTheSpot.hash).toBe(pooled.hash);
    const failed = pooled.trace.filter((e) => e.kind === 'handler.failed').map((e) => (e.data as { error: string }).error);
    expect(failed.length).toBe(2);
    for (const error of failed) expect(error).toMatch(/^MemoryLimitExceeded: handler exceeded its memory limit of 32 MB/);
    expect(pooled.trace.filter((e) => e.kind === 'handler.logged').length).toBeGreaterThan(2);
  });
});
