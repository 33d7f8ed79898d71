// RabbitMQ: where a returned message goes, and what dead-lettering writes on it. Sources:
// RabbitMQ docs "Consumer Acknowledgements and Publisher Confirms" (requeue "at its original
// position if possible"), "Quorum Queues" 4.0 (poison message handling: delivery-limit 20 by
// default, x-delivery-count; "Repeated requeues": back of the queue without a limit, near the
// head with one) and "Dead Letter Exchanges" ("Dead-Lettered Effects on Messages": x-death with
// count and the first time, x-first-death-* and x-last-death-*). Reference §2.3, §2.5, §2.6.

import { describe, expect, it } from 'vitest';
import { ofKind, run, type Build } from './helpers';

const byN = (b: Build) => {
  const r = run(b);
  return { r, order: ofKind(r.trace, 'message.delivered').map((e) => `${(r.trace.find((p) => p.kind === 'message.published' && p.messageId === e.messageId)!.data as unknown as { body: { n: string } }).body.n}${e.data.props.redelivered ? "'" : ''}`) };
};

const queueBuild = (args: Record<string, unknown>, source: string, count: number, options: Record<string, unknown>, concurrency = 1): Build => ({
  broker: 'rabbitmq',
  entities: [{ type: 'queue', name: 'q', arguments: args as never }],
  messages: [{ type: 'Msg', kind: 'command', to: 'q' }],
  consumers: [{ service: 'C', handlers: [{ name: 'H', consumes: 'q', code: { source }, options: options as never, concurrency }] }],
  workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count, body: { n: '{n}' } }],
});

describe('classic queues: a requeued message goes back to its original position (ref §2.3)', () => {
  // m1 and m3 fail at the same tick, m1 first; m2 is still being worked on, m4 and m5 wait.
  const source = `import { defineHandler } from 'brokerlab';
export default defineHandler('H', async (msg, ctx) => {
  if (msg.broker.redelivered) return;
  const n = String(msg.body.n);
  if (n === '1' || n === '3') { await ctx.work(10); throw new Error('fails once'); }
  if (n === '2') await ctx.work(50);
});`;

  it('returned messages are delivered before the messages that were behind them, in their original order', () => {
    const { order } = byN(queueBuild({}, source, 5, { prefetch: 3 }, 3));
    expect(order).toEqual(['1', '2', '3', "1'", "3'", '4', '5']);
  });

  it('also when returned in the opposite order (m3 before m1, at the same tick)', () => {
    const reversed = source.replace("if (n === '1' || n === '3') { await ctx.work(10); throw new Error('fails once'); }", "if (n === '1') { await ctx.work(5); await ctx.work(5); throw new Error('fails once'); }\n  if (n === '3') { await ctx.work(10); throw new Error('fails once'); }");
    const { r, order } = byN(queueBuild({}, reversed, 5, { prefetch: 3 }, 3));
    const returned = ofKind(r.trace, 'message.abandoned').map((e) => e.tick);
    expect(returned).toEqual([10, 10]);
    expect(order).toEqual(['1', '2', '3', "1'", "3'", '4', '5']);
  });

  it('returned one by one while later ones wait in the buffer: each goes back ahead of m4 and m5', () => {
    const slow = `import { defineHandler } from 'brokerlab';
export default defineHandler('H', async (msg, ctx) => { if (!msg.broker.redelivered) { await ctx.work(String(msg.body.n) === '3' ? 10 : 30); throw new Error('no'); } });`;
    // prefetch 3 with one slot: m1 runs, m2 and m3 wait in the buffer; all three return (nack), then m4 and m5.
    const { order } = byN(queueBuild({}, slow, 5, { prefetch: 3 }, 1));
    expect(order.slice(0, 4)).toEqual(['1', '2', '3', "1'"]);
    expect(order.indexOf("2'")).toBeLessThan(order.indexOf('4'));
    expect(order.indexOf("3'")).toBeLessThan(order.indexOf('4'));
  });
});

describe('quorum queues: requeue position and x-delivery-count (RabbitMQ 4.x, ref §2.6)', () => {
  const failFirst = `import { defineHandler } from 'brokerlab';
export default defineHandler('H', async (msg, ctx) => { await ctx.work(10); if (String(msg.body.n) === '1' && !msg.broker.redelivered) throw new Error('once'); });`;

  it('with no delivery limit (x-delivery-limit -1) a requeued message goes to the back of the queue', () => {
    const { r, order } = byN(queueBuild({ 'x-queue-type': 'quorum', 'x-delivery-limit': -1 }, failFirst, 3, { prefetch: 1 }));
    expect(order).toEqual(['1', '2', '3', "1'"]);
    expect(ofKind(r.trace, 'message.abandoned')[0].text).toContain('to the back of quorum queue q (no delivery-limit');
    expect(ofKind(r.trace, 'message.delivered')[3].data.props['x-delivery-count']).toBe(1);
  });

  it('with a delivery limit (the 4.x default, 20) it goes back near the head and carries x-delivery-count', () => {
    const { r, order } = byN(queueBuild({ 'x-queue-type': 'quorum' }, failFirst, 3, { prefetch: 1 }));
    expect(order).toEqual(['1', "1'", '2', '3']);
    const d = ofKind(r.trace, 'message.delivered');
    expect(d[0].data.props['x-delivery-count']).toBeUndefined();
    expect(d[1].data.props['x-delivery-count']).toBe(1);
    expect(ofKind(r.trace, 'message.abandoned')[0].text).toContain('x-delivery-count 1 of delivery-limit 20');
  });

  it('an explicit limit dead-letters on the return that exceeds it (reason delivery_limit)', () => {
    const always = `import { defineHandler } from 'brokerlab';
export default defineHandler('H', async () => { throw new Error('poison'); });`;
    const b = queueBuild({ 'x-queue-type': 'quorum', 'x-delivery-limit': 2 }, always, 1, { prefetch: 1 });
    const r = run(b);
    expect(ofKind(r.trace, 'message.delivered').map((e) => e.data.props['x-delivery-count'])).toEqual([undefined, 1, 2]);
    expect(ofKind(r.trace, 'message.dropped')[0].data.reason).toBe('delivery_limit');
  });
});

describe('dead-letter headers (ref §2.5)', () => {
  // A retry loop without plug-ins: work rejects into the "dlx" exchange → wait (TTL 1 s) expires
  // back to work through the default exchange. The third delivery accepts.
  const b: Build = {
    broker: 'rabbitmq',
    entities: [
      { type: 'exchange', name: 'dlx', exchangeType: 'fanout' },
      { type: 'queue', name: 'work', arguments: { 'x-dead-letter-exchange': 'dlx' } },
      { type: 'queue', name: 'wait', arguments: { 'x-message-ttl': 1000, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'work' }, bindings: [{ exchange: 'dlx' }] },
    ],
    messages: [{ type: 'Msg', kind: 'command', to: 'work' }],
    consumers: [{ service: 'C', handlers: [{ name: 'H', consumes: 'work', options: { requeueOnFailure: false }, code: { source: `import { defineHandler } from 'brokerlab';
export default defineHandler('H', async (msg) => { const d = msg.broker['x-death']; if (!d || d[0].count < 2) throw new Error('not yet'); });` } }] }],
  };

  it('x-death keeps one entry per {queue, reason}: count grows, time stays the first death', () => {
    const r = run(b);
    const d = ofKind(r.trace, 'message.delivered');
    expect(d).toHaveLength(3);
    expect(d[2].tick).toBe(2000);
    expect(d[2].data.props['x-death']).toEqual([
      { queue: 'wait', reason: 'expired', count: 2, time: 1000, exchange: 'dlx', 'routing-keys': ['work'] },
      { queue: 'work', reason: 'rejected', count: 2, time: 0, exchange: '', 'routing-keys': ['work'] },
    ]);
  });

  it('x-first-death-queue/-reason/-exchange never change; x-last-death-* follow the latest death', () => {
    const r = run(b);
    const d = ofKind(r.trace, 'message.delivered');
    expect(d[1].data.props).toMatchObject({
      'x-first-death-queue': 'work', 'x-first-death-reason': 'rejected', 'x-first-death-exchange': '',
      'x-last-death-queue': 'wait', 'x-last-death-reason': 'expired', 'x-last-death-exchange': 'dlx',
    });
    expect(d[2].data.props).toMatchObject({ 'x-first-death-queue': 'work', 'x-first-death-reason': 'rejected', 'x-first-death-exchange': '', 'x-last-death-queue': 'wait' });
    const toWait = ofKind(r.trace, 'message.enqueued').filter((e) => e.data.entity === 'wait');
    expect(toWait[1].data.props).toMatchObject({ 'x-last-death-queue': 'work', 'x-last-death-reason': 'rejected', 'x-last-death-exchange': '' });
  });
});
