// Remembered module loads (src/realm/module-loads.ts): a realm that loads the same modules as an
// earlier one is given that realm's memory instead of compiling and evaluating them again. It
// must be the same realm byte for byte: the same answers, module state and trace hash as a realm
// that did the work, also when two services' modules share a first module and then differ (the
// memory is written from an earlier image and the rest run again), and a module that asks the
// host anything at load (the clock, Math.random) is never remembered (its compile is).
import { afterEach, describe, expect, it } from 'vitest';
import { defineScenario, runScenario, type Scenario } from '../../src/engine/index';
import { loadHandlerRealmInNode } from '../../src/realm/node';
import { loadCounts } from '../../src/realm/module-loads';

const quickjs = (await loadHandlerRealmInNode()) as unknown as { rememberLoads: boolean };

afterEach(() => {
  quickjs.rememberLoads = true;
});

let unique = 0;

/** A service "Worker" with handlers on queues a and b (module sources given), fed by a producer. */
function twoHandlers(a: string, b: string): Scenario {
  return defineScenario({
    id: 'test-loads',
    title: 'remembered loads',
    broker: 'generic',
    entities: [{ type: 'queue', name: 'a' }, { type: 'queue', name: 'b' }],
    messages: [{ type: 'A', kind: 'event', to: 'a' }, { type: 'B', kind: 'event', to: 'b' }],
    services: [
      { name: 'Producer', handlers: [{ name: 'SendA', code: { builtin: 'forward', options: { type: 'A' } } }, { name: 'SendB', code: { builtin: 'forward', options: { type: 'B' } } }] },
      { name: 'Worker', handlers: [{ name: 'HandleA', consumes: 'a', code: { source: a } }, { name: 'HandleB', consumes: 'b', code: { source: b } }] },
    ],
    workload: [
      { kind: 'steady', service: 'Producer', handler: 'SendA', count: 4, intervalTicks: 10, body: { n: '{n}' } },
      { kind: 'steady', service: 'Producer', handler: 'SendB', count: 3, intervalTicks: 15, body: { n: '{n}' } },
    ],
    faults: [{ type: 'crash', service: 'Worker', atTick: 25, restartAfterTicks: 5 }],
  });
}

/** A module with state kept between messages, set up at load (a Map, a closure, a class). */
const stateful = (tag: string) => `// ${tag}
const seen = new Map<string, number>([['start', ${tag.length}]]);
class Counter { n = 0; next() { return ++this.n; } }
const counter = new Counter();
const label = [3, 1, 2].sort().join('-') + '/' + JSON.stringify({ tag: '${tag}' });
export default async (msg, ctx) => {
  seen.set(msg.id, counter.next());
  ctx.log(label + ' ' + [...seen.entries()].map(([k, v]) => k + '=' + v).join(','));
  ctx.db.put('seen', msg.id, { n: seen.size });
};`;

function runBoth(scenario: Scenario) {
  quickjs.rememberLoads = false;
  const live = runScenario(scenario, { seed: 3 });
  quickjs.rememberLoads = true;
  const first = runScenario(scenario, { seed: 3 });
  const followed = loadCounts.followed;
  const again = runScenario(scenario, { seed: 3 });
  return { live, first, again, followed: loadCounts.followed - followed };
}

describe('remembered module loads', () => {
  it('a realm down a known path is the realm that did the work: same logs, databases and hash, restarts included', () => {
    const scenario = twoHandlers(stateful(`a${unique++}`), stateful(`b${unique++}`));
    const { live, first, again, followed } = runBoth(scenario);
    expect(live.trace.filter((e) => e.kind === 'service.restarted').length).toBe(1);
    expect(followed).toBeGreaterThan(0);
    expect(first.hash).toBe(live.hash);
    expect(again.hash).toBe(live.hash);
    expect(again.finalDb).toEqual(live.finalDb);
  });

  it('services sharing a first module and then differing: written from an earlier image, the rest run again', () => {
    const shared = stateful(`shared${unique++}`);
    const one = twoHandlers(shared, stateful(`one${unique++}`));
    const other = twoHandlers(shared, stateful(`other${unique++}`));
    quickjs.rememberLoads = false;
    const expected = [runScenario(one, { seed: 5 }).hash, runScenario(other, { seed: 5 }).hash];
    quickjs.rememberLoads = true;
    const replayed = loadCounts.replayed;
    const got = [runScenario(one, { seed: 5 }).hash, runScenario(other, { seed: 5 }).hash, runScenario(one, { seed: 5 }).hash, runScenario(other, { seed: 5 }).hash];
    expect(loadCounts.replayed).toBeGreaterThan(replayed);
    expect(got).toEqual([...expected, ...expected]);
  });

  it('a module that reads the clock or Math.random at load is never remembered, and runs as it would', () => {
    const reads = (tag: string) => `// ${tag}
const loadedAt = Date.now() + ':' + Math.random().toFixed(8);
export default async (msg, ctx) => { ctx.log('${tag} loaded at ' + loadedAt); };`;
    const scenario = twoHandlers(reads(`clock${unique++}`), reads(`clock${unique++}`));
    const replayed = loadCounts.replayed;
    const { live, first, again } = runBoth(scenario);
    expect(loadCounts.replayed).toBeGreaterThan(replayed); // its compile is remembered, its load is not: the compile runs again before it
    expect(first.hash).toBe(live.hash);
    expect(again.hash).toBe(live.hash);
    const logs = live.trace.filter((e) => e.kind === 'handler.logged').map((e) => String((e.data as { text?: unknown }).text));
    expect(new Set(logs.map((t) => t.split(' loaded at ')[1])).size).toBeGreaterThan(1); // the restart loaded again, later
  });

  it('a module that fails at load fails the same way from the tree', () => {
    const scenario = twoHandlers(stateful(`ok${unique++}`), `// bad${unique++}\nconst x: any = null;\nx.boom();\nexport default async () => {};`);
    const errors: string[] = [];
    for (const remember of [false, true, true]) {
      quickjs.rememberLoads = remember;
      try {
        runScenario(scenario, { seed: 1 });
        errors.push('ran');
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    expect(errors[0]).toMatch(/HandleB/);
    expect(errors).toEqual([errors[0], errors[0], errors[0]]);
  });
});
