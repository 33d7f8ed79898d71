// A crash wipes the process. After `service.crashed` → `service.restarted` the service's
// handler modules are evaluated afresh: module-level variables and in-memory caches are gone,
// only the service's database and the broker keep what they had. And every run starts from a
// fresh module evaluation, so nothing survives from one run to the next either.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { oneQueueScenario } from './helpers';

const logs = (trace: readonly { kind: string; data: unknown }[]) =>
  trace.filter((e) => e.kind === 'handler.logged').map((e) => (e.data as { text: string }).text);

const memoryInbox = `
const processed = new Set();
export default async (msg, ctx) => {
  if (processed.has(msg.id)) { ctx.log('skip ' + msg.id); return; }
  ctx.log('process ' + msg.id);
  await ctx.db.transaction(async (tx) => { tx.put('orders', msg.id, { done: true }); });
  processed.add(msg.id);
};`;

describe('a crash wipes module state', () => {
  it('an inbox kept in a module-level Set processes a redelivered duplicate after a crash and restart', () => {
    const scenario = oneQueueScenario(memoryInbox, { count: 1 });
    const crash = { type: 'crash', service: 'Worker1', point: 'before-ack', nth: 1, restartAfterTicks: 100 } as const;
    const r = runScenario(scenario, { faults: [crash] });
    const kinds = r.trace.map((e) => e.kind);
    expect(kinds.indexOf('service.restarted')).toBeGreaterThan(kinds.indexOf('service.crashed'));
    // The copy delivered again after the restart is not known to the new process's empty Set.
    expect(logs(r.trace)).toEqual(['process m-1', 'process m-1']);
  });

  it('without the crash the same in-memory inbox does skip a duplicate (the test above can fail)', () => {
    const scenario = oneQueueScenario(memoryInbox, { count: 1 });
    const r = runScenario(scenario, { faults: [{ type: 'duplicate-delivery', entity: 'jobs' }] });
    expect(logs(r.trace)).toEqual(['process m-1', 'skip m-1']);
  });

  it('a module-level counter restarts from its initial value, while the database keeps its count', () => {
    const source = `
let calls = 0;
export default async (msg, ctx) => {
  calls++;
  const stored = (ctx.db.get('stats', 'calls') ?? 0) + 1;
  ctx.db.put('stats', 'calls', stored);
  ctx.log('memory ' + calls + ' db ' + stored);
};`;
    const scenario = oneQueueScenario(source, { count: 4, intervalTicks: 100 });
    const r = runScenario(scenario, { faults: [{ type: 'crash', service: 'Worker1', atTick: 150, restartAfterTicks: 10 }] });
    expect(r.trace.some((e) => e.kind === 'service.restarted')).toBe(true);
    expect(logs(r.trace)).toEqual(['memory 1 db 1', 'memory 2 db 2', 'memory 1 db 3', 'memory 2 db 4']);
  });

  it('every run starts from fresh module state', () => {
    const source = `let calls = 0;\nexport default (msg, ctx) => { calls++; ctx.log(String(calls)); };`;
    const scenario = oneQueueScenario(source, { count: 2 });
    const first = runScenario(scenario);
    const second = runScenario(scenario);
    expect(logs(first.trace)).toEqual(['1', '2']);
    expect(logs(second.trace)).toEqual(['1', '2']);
    expect(second.hash).toBe(first.hash);
  });
});
