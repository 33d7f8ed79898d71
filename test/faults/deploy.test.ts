// The deploy fault: new handler code goes live at a tick. Everything before the tick is the
// same run event for event; from the tick, attempts run the new code in a fresh process (memory
// gone, database kept); the code is validated (compiled, never run) before the run; and new code
// that declares other options fails its attempts with a message that says so.
import { describe, expect, it } from 'vitest';
import { runScenario, validateFaults, type FaultSpec } from '../../src/engine/index';
import { flow } from './flow';

const scenario = flow({ orders: 6 });
const base = runScenario(scenario, { seed: 3 });
const code = (body: string, options = '') => `import { defineHandler } from 'brokerlab';\nexport default defineHandler('ReserveStock', async (msg, ctx) => {\n${body}\n}${options});\n`;
/** The new ReserveStock: reserves 10 at a time and remembers calls in module memory. */
const reserveTen = code(`  globalThis.calls = (globalThis.calls ?? 0) + 1;
  await ctx.work(20);
  await ctx.db.transaction(async (tx) => {
    const item = tx.get('stock', msg.body.sku) ?? { reserved: 0 };
    tx.put('stock', msg.body.sku, { reserved: item.reserved + 10 });
    tx.outbox.publish('StockReserved', { orderId: msg.body.orderId });
  });`);
const deploy = (atTick: number, source = reserveTen): FaultSpec => ({ type: 'deploy', service: 'Inventory', atTick, handlers: { ReserveStock: source } });
const strip = (e: unknown) => JSON.stringify(e);

describe('deploy fault', () => {
  it('leaves everything before its tick unchanged, then runs the new code in a new process', () => {
    const atTick = 500;
    const r = runScenario(scenario, { seed: 3, faults: [deploy(atTick)] });
    const before = base.trace.filter((e) => e.tick < atTick);
    expect(r.trace.slice(0, before.length).map(strip)).toEqual(before.map(strip));
    const injected = r.trace.find((e) => e.kind === 'fault.injected')!;
    expect(injected.tick).toBe(atTick);
    expect(injected.text).toMatch(/deploy new code of ReserveStock to Inventory at tick 500/);
    const stops = r.trace.filter((e) => e.kind === 'service.crashed' || e.kind === 'service.restarted').map((e) => `${e.kind}@${e.tick}`);
    expect(stops).toEqual(['service.crashed@500', 'service.restarted@500']);
    // Orders reserved before the deploy added 1; those after add 10: the new code ran.
    const reservedBefore = base.trace.filter((e) => e.tick < atTick && e.kind === 'handler.completed' && e.data.handler === 'ReserveStock').length;
    const total = Object.values(r.finalDb.Inventory!.stock as Record<string, { reserved: number }>).reduce((n, s) => n + s.reserved, 0);
    expect(reservedBefore).toBeGreaterThan(0);
    expect(total).toBe(reservedBefore + 10 * (6 - reservedBefore));
    expect(r.checks.find((c) => c.name === 'no-loss')!.valid).toBe(true);
  });

  it('replays to the same hash', () => {
    const a = runScenario(scenario, { seed: 3, faults: [deploy(700)] });
    const b = runScenario(scenario, { seed: 3, faults: [deploy(700)] });
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(base.hash);
  });

  it('is validated without running the code: service, tick, handler names and syntax', () => {
    expect(validateFaults([deploy(10, 'export default defineHandler(')], 'plan', scenario)).toEqual([
      { path: 'plan[0].handlers.ReserveStock', message: expect.stringMatching(/^Inventory\/ReserveStock\.ts:\d+:\d+: /) },
    ]);
    expect(validateFaults([{ type: 'deploy', service: 'Inventory', atTick: 10, handlers: { Nope: reserveTen } }], 'plan', scenario)[0]).toEqual({
      path: 'plan[0].handlers.Nope', message: 'Inventory has no handler named "Nope" (it has ReserveStock)',
    });
    expect(validateFaults([{ type: 'deploy', service: 'Inventory', handlers: {} }], 'plan', scenario).map((i) => i.path)).toEqual(['plan[0].atTick', 'plan[0].handlers']);
    expect(validateFaults([deploy(10)], 'plan', scenario)).toEqual([]);
  });

  it('fails attempts of new code that declares other options, saying why', () => {
    const r = runScenario(scenario, { seed: 3, faults: [deploy(500, code('  return;', ', { concurrency: 4 }'))] });
    const failed = r.trace.filter((e) => e.kind === 'handler.failed' && e.tick >= 500);
    expect(failed.length).toBeGreaterThan(0);
    expect(JSON.stringify(failed[0]!.data)).toMatch(/declares other options/);
  });
});
