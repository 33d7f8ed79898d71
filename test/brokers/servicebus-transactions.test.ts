// Service Bus transactions (Microsoft Learn "Overview of Service Bus transaction processing"):
// Send, Complete, Abandon, DeadLetter and Defer in one scope take effect together or not at all;
// with send-via the settlement of the received message commits with the sends; a transaction
// times out 2 minutes after its first operation. A crash before the commit rolls it back, and
// the database is not part of it. Reference §1.9.

import { describe, expect, it } from 'vitest';
import { ofKind, run, sim, type Build } from './helpers';

const handler = (body: string) => `import { defineHandler } from 'brokerlab';
export default defineHandler('Ship', async (msg, ctx) => { ${body} });`;

const build = (body: string, queueOptions: Record<string, unknown> = {}, handlerOptions: Record<string, unknown> = {}): Build => ({
  broker: 'servicebus',
  entities: [{ type: 'queue', name: 'orders', ...queueOptions } as never, { type: 'queue', name: 'shipments' }],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders' }, { type: 'OrderShipped', kind: 'event', to: 'shipments' }],
  consumers: [{ service: 'Shipping', handlers: [{ name: 'Ship', consumes: 'orders', code: { source: handler(body) }, options: handlerOptions as never }] }],
});

const shipped = (trace: Parameters<typeof ofKind>[0]) => ofKind(trace, 'message.enqueued').filter((e) => e.data.entity === 'shipments').length;

describe('transactions with send-via (ref §1.9)', () => {
  it('complete + send commit together; the processor does not settle the message again', () => {
    const r = run(build(`await ctx.brokerTransaction(async (tx) => { tx.publish('OrderShipped', { id: msg.id }); tx.complete(); });`));
    const committed = ofKind(r.trace, 'transaction.committed');
    expect(committed).toHaveLength(1);
    expect(committed[0].data.settled).toEqual([`${ofKind(r.trace, 'message.delivered')[0].messageId}:complete`]);
    expect(ofKind(r.trace, 'message.acked').filter((e) => e.data.entity === 'orders')).toHaveLength(1);
    expect(shipped(r.trace)).toBe(1);
    const commitSeq = committed[0].seq;
    const ackSeq = ofKind(r.trace, 'message.acked')[0].seq;
    const pubSeq = ofKind(r.trace, 'message.published').find((e) => e.data.type === 'OrderShipped')!.seq;
    expect(ackSeq).toBeGreaterThan(commitSeq);
    expect(pubSeq).toBeGreaterThan(commitSeq);
  });

  it('a crash before the commit rolls everything back: the redelivery sends once (a plain ctx.publish would have sent twice)', () => {
    const inTx = `await ctx.brokerTransaction(async (tx) => { tx.publish('OrderShipped', { id: msg.id }); await ctx.work(100); tx.complete(); });`;
    const plain = `ctx.publish('OrderShipped', { id: msg.id }); await ctx.work(100);`;
    const outcome = (body: string) => {
      const s = sim(build(body));
      s.runUntil(50);
      s.lifecycle.crash(s.world.services.get('Shipping')!, 'test', 10);
      s.runToEnd();
      return { shipped: shipped(s.trace), deliveries: ofKind(s.trace, 'message.delivered').filter((e) => e.data.entity === 'orders').length };
    };
    expect(outcome(inTx)).toEqual({ shipped: 1, deliveries: 2 });
    expect(outcome(plain)).toEqual({ shipped: 2, deliveries: 2 });
  });

  it('the database is not in the transaction: a write before it is applied on every attempt', () => {
    const body = `ctx.db.put('shipping-log', msg.id + '@' + ctx.now(), 1); await ctx.brokerTransaction(async (tx) => { tx.publish('OrderShipped', {}); await ctx.work(100); tx.complete(); });`;
    const s = sim(build(body));
    s.runUntil(50);
    s.lifecycle.crash(s.world.services.get('Shipping')!, 'test', 10);
    s.runToEnd();
    expect(s.world.services.get('Shipping')!.db.keys('shipping-log')).toHaveLength(2);
    expect(shipped(s.trace)).toBe(1);
  });

  it('a transaction open longer than 2 minutes after its first operation is rolled back (TransactionAbortedException)', () => {
    const r = run(build(`await ctx.brokerTransaction(async (tx) => { tx.publish('OrderShipped', {}); await ctx.work(130_000); tx.complete(); });`, { maxDeliveryCount: 1 }));
    const rolled = ofKind(r.trace, 'transaction.rolled-back');
    expect(rolled[0].data.reason).toMatch(/^TransactionAbortedException: the transaction timed out \(120000 ms/);
    expect(shipped(r.trace)).toBe(0);
    expect(ofKind(r.trace, 'handler.failed')[0].data.error).toContain('TransactionAbortedException');
  });

  it('a lost lock rolls the transaction back: nothing is sent', () => {
    const r = run(build(`await ctx.brokerTransaction(async (tx) => { await ctx.work(70_000); tx.publish('OrderShipped', {}); tx.complete(); });`, { maxDeliveryCount: 1 }, { maxAutoLockRenewalDurationTicks: 0 }));
    expect(ofKind(r.trace, 'transaction.rolled-back')[0].data.reason).toMatch(/^MessageLockLostException/);
    expect(shipped(r.trace)).toBe(0);
  });

  it('is Service Bus only: on RabbitMQ the handler fails with an explanation', () => {
    const r = run({
      broker: 'rabbitmq', entities: [{ type: 'queue', name: 'orders' }, { type: 'queue', name: 'shipments' }],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders' }, { type: 'OrderShipped', kind: 'event', to: 'shipments' }],
      consumers: [{ service: 'Shipping', handlers: [{ name: 'Ship', consumes: 'orders', code: { source: handler(`await ctx.brokerTransaction(async (tx) => { tx.publish('OrderShipped', {}); tx.complete(); });`) }, options: { requeueOnFailure: false } }] }],
    });
    expect(ofKind(r.trace, 'transaction.rolled-back')[0].data.reason).toContain("ctx.brokerTransaction() is Service Bus's");
    expect(shipped(r.trace)).toBe(0);
  });
});
