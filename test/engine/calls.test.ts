// Synchronous calls (ctx.call): they take virtual time, return the callee's answer, and fail
// when the callee is down, overloaded, failing or slow — while the caller holds its delivery.
import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, type Scenario } from '../../src/engine/index';

function callScenario(callerSource: string, calleeSource: string, opts: { concurrency?: number; backlog?: number; latency?: number; count?: number; interval?: number; faults?: Scenario['faults']; consumer?: boolean; lock?: number } = {}): Scenario {
  const caller = opts.consumer
    ? { name: 'Front', handlers: [{ name: 'Accept', code: { builtin: 'forward', options: { type: 'Job' } } }, { name: 'Work', consumes: 'jobs', code: { source: callerSource } }] }
    : { name: 'Front', handlers: [{ name: 'Accept', code: { source: callerSource } }] };
  return defineScenario({
    id: 'calls', title: 'calls', broker: 'generic',
    entities: [{ type: 'queue', name: 'jobs', ...(opts.lock ? { lockDurationTicks: opts.lock } : {}) }],
    messages: [{ type: 'Job', kind: 'event', to: 'jobs' }],
    services: [
      caller,
      { name: 'Pricing', calls: { latencyTicks: opts.latency ?? 5, ...(opts.backlog !== undefined ? { backlog: opts.backlog } : {}) }, handlers: [{ name: 'Quote', ...(opts.concurrency ? { concurrency: opts.concurrency } : {}), code: { source: calleeSource } }] },
    ],
    workload: [{ kind: 'steady', service: 'Front', handler: 'Accept', count: opts.count ?? 1, intervalTicks: opts.interval ?? 0, body: { sku: 'sku-{n}' } }],
    faults: opts.faults,
  });
}

const ofKind = (r: ReturnType<typeof runScenario>, kind: string) => r.trace.filter((e) => e.kind === kind);
const quote = `export default async (req, ctx) => { await ctx.work(100); return { sku: req.body.sku, price: 42 }; }`;

describe('ctx.call', () => {
  it('returns the callee’s answer after latency both ways plus its work', () => {
    const r = runScenario(callScenario(`export default async (req, ctx) => { const q = await ctx.call('Pricing', 'Quote', { sku: req.body.sku }); ctx.log('price ' + q.price + ' at ' + ctx.now()); }`, quote, { latency: 5 }));
    expect(ofKind(r, 'call.started')).toHaveLength(1);
    const done = ofKind(r, 'call.completed');
    expect(done).toHaveLength(1);
    expect((done[0].data as { durationTicks: number }).durationTicks).toBe(110);
    expect(ofKind(r, 'handler.logged').map((e) => (e.data as { text: string }).text)).toEqual(['price 42 at 110']);
    const callee = ofKind(r, 'handler.started').find((e) => (e.data as { service: string }).service === 'Pricing')!;
    expect(callee.messageId).toBe(done[0].messageId);
    expect(callee.correlationId).toBe(done[0].correlationId);
  });

  it('fails with "unavailable" when the callee is down, and the caller’s handler fails', () => {
    const r = runScenario(callScenario(`export default async (req, ctx) => { await ctx.call('Pricing', 'Quote', {}); }`, quote, { faults: [{ type: 'crash', service: 'Pricing', atTick: 0 }] }));
    const failed = ofKind(r, 'call.failed');
    expect(failed.map((e) => (e.data as { reason: string }).reason)).toEqual(['unavailable']);
    const hf = ofKind(r, 'handler.failed')[0].data as { error: string };
    expect(hf.error).toMatch(/Pricing\.Quote failed \(unavailable\)/);
  });

  it('times out, while the callee still does the work nobody hears about', () => {
    const r = runScenario(callScenario(`export default async (req, ctx) => { try { await ctx.call('Pricing', 'Quote', {}, { timeoutTicks: 50 }); } catch (e) { ctx.log(e.reason + ' at ' + ctx.now()); throw e; } }`, quote));
    expect(ofKind(r, 'call.failed').map((e) => (e.data as { reason: string }).reason)).toEqual(['timeout']);
    expect(ofKind(r, 'handler.logged').map((e) => (e.data as { text: string }).text)).toEqual(['timeout at 50']);
    const pricingDone = ofKind(r, 'handler.completed').filter((e) => (e.data as { service: string }).service === 'Pricing');
    expect(pricingDone).toHaveLength(1);
    expect(pricingDone[0].tick).toBe(105);
  });

  it('reports the callee’s own failure as "error"', () => {
    const r = runScenario(callScenario(`export default async (req, ctx) => { await ctx.call('Pricing', 'Quote', {}); }`, `export default async () => { throw new Error('no price for that'); }`));
    const f = ofKind(r, 'call.failed')[0].data as { reason: string; error: string };
    expect(f.reason).toBe('error');
    expect(f.error).toMatch(/no price for that/);
  });

  it('queues calls beyond the callee’s concurrency and refuses them beyond its backlog', () => {
    const r = runScenario(callScenario(`export default async (req, ctx) => { await ctx.call('Pricing', 'Quote', {}, { timeoutTicks: 10000 }); }`, quote, { concurrency: 1, backlog: 2, count: 5 }));
    const reasons = ofKind(r, 'call.failed').map((e) => (e.data as { reason: string }).reason);
    expect(reasons).toEqual(['refused', 'refused']);
    const durations = ofKind(r, 'call.completed').map((e) => (e.data as { durationTicks: number }).durationTicks);
    expect(durations).toEqual([110, 210, 310]);
  });

  it('applies the same gate to workload requests: beyond the backlog they are refused', () => {
    const s = callScenario(quote, quote, { count: 4 });
    s.services[0].handlers[0].concurrency = 1;
    s.services[0].calls = { backlog: 1 };
    const r = runScenario(s);
    expect(ofKind(r, 'request.refused')).toHaveLength(2);
  });

  it('keeps the caller’s delivery locked while it waits: a slow callee makes the lock expire', () => {
    const slow = `export default async (req, ctx) => { await ctx.work(3000); return 1; }`;
    const r = runScenario(callScenario(`export default async (msg, ctx) => { await ctx.call('Pricing', 'Quote', {}, { timeoutTicks: 5000 }); }`, slow, { consumer: true, lock: 1000 }));
    expect(ofKind(r, 'message.lock-expired').length).toBeGreaterThan(0);
    expect(ofKind(r, 'message.delivered').length).toBeGreaterThan(1);
  });

  it('a crash of the callee mid-call leaves the caller to time out', () => {
    const r = runScenario(callScenario(`export default async (req, ctx) => { await ctx.call('Pricing', 'Quote', {}, { timeoutTicks: 500 }); }`, quote, { faults: [{ type: 'crash', service: 'Pricing', atTick: 50, restartAfterTicks: 10 }] }));
    expect(ofKind(r, 'call.failed').map((e) => (e.data as { reason: string }).reason)).toEqual(['timeout']);
  });

  it('an un-awaited call fails the handler with a clear message', () => {
    const r = runScenario(callScenario(`export default async (req, ctx) => { ctx.call('Pricing', 'Quote', {}); }`, quote));
    expect((ofKind(r, 'handler.failed')[0].data as { error: string }).error).toMatch(/never awaited/);
  });

  it('is deterministic', () => {
    const s = callScenario(`export default async (req, ctx) => { await ctx.call('Pricing', 'Quote', {}, { timeoutTicks: 250 }); }`, quote, { concurrency: 2, count: 20, interval: 10 });
    expect(runScenario(s, { seed: 3 }).hash).toBe(runScenario(s, { seed: 3 }).hash);
  });
});
