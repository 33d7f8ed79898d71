// The generic broker's delivery rules: peek-lock, delivery count, max delivery count → DLQ
// with a reason, lock expiry → redelivery, abandon → front of the queue, round-robin and
// per-consumer concurrency.
import { describe, expect, it } from 'vitest';
import { runScenario, Simulation } from '../../src/engine/index';
import { oneQueueScenario } from './helpers';

const of = <K extends string>(trace: readonly { kind: string }[], kind: K) => trace.filter((e) => e.kind === kind) as never as Array<{ data: Record<string, any>; seq: number; tick: number; text?: string; messageId?: string; deliveryId?: string }>;

describe('generic queue', () => {
  it('acks a successful delivery once, with delivery count 1', () => {
    const r = runScenario(oneQueueScenario(`export default async () => {}`));
    const delivered = of(r.trace, 'message.delivered');
    expect(delivered).toHaveLength(1);
    expect(delivered[0].data.props.deliveryCount).toBe(1);
    expect(of(r.trace, 'message.acked')).toHaveLength(1);
    expect(r.checks[0]).toMatchObject({ name: 'no-loss', valid: true });
  });

  it('redelivers a failing message with a growing count, then dead-letters it after maxDeliveryCount', () => {
    const r = runScenario(oneQueueScenario(`export default async () => { throw new Error('boom'); }`, { queue: { maxDeliveryCount: 4 } }));
    const counts = of(r.trace, 'message.delivered').map((e) => e.data.props.deliveryCount);
    expect(counts).toEqual([1, 2, 3, 4]);
    const dl = of(r.trace, 'message.dead-lettered');
    expect(dl).toHaveLength(1);
    expect(dl[0].data).toMatchObject({ entity: 'jobs', dlq: 'jobs.dlq', reason: 'MaxDeliveryCountExceeded' });
    expect(dl[0].data.description).toContain('boom');
    expect(r.checks[0].valid).toBe(true); // dead-lettered counts as accounted for
  });

  it('uses the documented default of 10 deliveries', () => {
    const r = runScenario(oneQueueScenario(`export default async () => { throw 'nope'; }`));
    expect(of(r.trace, 'message.delivered')).toHaveLength(10);
    expect(of(r.trace, 'handler.failed')[0].data.error).toBe('nope');
  });

  it('redelivers after the lock expires, and refuses the late settlement', () => {
    const src = `export default async (msg, ctx) => { if (msg.broker.deliveryCount === 1) await ctx.work(150); }`;
    const r = runScenario(oneQueueScenario(src, { queue: { lockDurationTicks: 100 }, concurrency: 2 }));
    const expired = of(r.trace, 'message.lock-expired');
    expect(expired).toHaveLength(1);
    expect(expired[0].tick).toBe(100);
    const delivered = of(r.trace, 'message.delivered');
    expect(delivered.map((e) => e.data.props.deliveryCount)).toEqual([1, 2]);
    expect(delivered[1].tick).toBe(100);
    const late = of(r.trace, 'message.settle-failed');
    expect(late).toHaveLength(1);
    expect(late[0].tick).toBe(150);
    expect(late[0].data.reason).toBe('lock lost');
    // the handler ran to completion twice: the effect happened twice
    expect(of(r.trace, 'handler.completed').filter((e) => e.data.service === 'Worker1')).toHaveLength(2);
  });

  it('puts an abandoned message back at the front of the queue', () => {
    const src = `export default async (msg, ctx) => { if (msg.body.job === 1 && msg.broker.deliveryCount === 1) throw new Error('once'); }`;
    const r = runScenario(oneQueueScenario(src, { count: 3, intervalTicks: 0 }));
    const order = of(r.trace, 'message.delivered').map((e) => `${e.messageId}#${e.data.props.deliveryCount}`);
    expect(order).toEqual(['m-1#1', 'm-1#2', 'm-2#1', 'm-3#1']);
  });

  it('never hands a consumer more than its concurrency', () => {
    const src = `export default async (msg, ctx) => { await ctx.work(50); }`;
    const r = runScenario(oneQueueScenario(src, { count: 10, intervalTicks: 0, concurrency: 3 }));
    let running = 0;
    let max = 0;
    for (const e of r.trace) {
      if (e.kind === 'handler.started' && e.actor === 'Worker1') max = Math.max(max, ++running);
      if (e.kind === 'handler.completed' && e.actor === 'Worker1') running--;
    }
    expect(max).toBe(3);
    expect(r.endTick).toBe(200); // 10 jobs, 3 at a time, 50 ms each → 4 rounds
  });

  it('spreads deliveries round-robin over competing consumers', () => {
    const src = `export default async (msg, ctx) => { await ctx.work(10); }`;
    const r = runScenario(oneQueueScenario(src, { count: 6, intervalTicks: 0, consumers: 3 }));
    const to = of(r.trace, 'message.delivered').map((e) => e.data.consumer);
    expect(to).toEqual(['Worker1', 'Worker2', 'Worker3', 'Worker1', 'Worker2', 'Worker3']);
  });

  it('lets a crash leave the lock to expire, then redelivers to the restarted service', () => {
    const sim = new Simulation(oneQueueScenario(`export default async (msg, ctx) => { await ctx.work(100); }`, { queue: { lockDurationTicks: 1000 } }));
    sim.runUntil(50);
    sim.lifecycle.crash(sim.world.services.get('Worker1')!, 'test', 200);
    sim.runToEnd();
    const kinds = sim.trace.map((e) => e.kind);
    expect(kinds).toContain('service.crashed');
    const expired = sim.trace.find((e) => e.kind === 'message.lock-expired')!;
    expect(expired.tick).toBe(1000);
    const redelivery = sim.trace.filter((e) => e.kind === 'message.delivered')[1];
    expect(redelivery.tick).toBe(1000);
    expect(sim.trace.filter((e) => e.kind === 'message.acked')).toHaveLength(1);
  });

  it('redrives dead-lettered messages back to their queue with a fresh count', () => {
    const sim = new Simulation(oneQueueScenario(`export default async (msg, ctx) => { if (ctx.now() < 1000) throw new Error('not yet'); }`, { queue: { maxDeliveryCount: 2 } }));
    sim.world.at(2000, () => sim.world.brokerOf.get('jobs')!.redrive!('jobs'));
    sim.runToEnd();
    const of2 = (k: string) => sim.trace.filter((e) => e.kind === k);
    expect(of2('message.dead-lettered')).toHaveLength(1);
    expect(of2('message.redriven')).toHaveLength(1);
    const last = of2('message.delivered').at(-1)!;
    expect(last.tick).toBe(2000);
    expect((last.data as unknown as { props: { deliveryCount: number } }).props.deliveryCount).toBe(1);
    expect(of2('message.acked')).toHaveLength(1);
  });
});
