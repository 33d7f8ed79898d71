// Service Bus auto-forwarding and message browsing. Sources: Microsoft Learn "Chaining Service
// Bus entities with autoforwarding" (ForwardTo to a queue or topic of the namespace; at most 4
// hops, more are dead-lettered; not on session-enabled entities; the destination must exist),
// the SDK's ServiceBusReceivedMessage.DeadLetterSource ("only set in messages that have been
// dead-lettered and subsequently auto-forwarded from the dead-letter queue"), the service's
// "Cannot create a message receiver on an entity with auto-forwarding enabled", and "Message
// browsing" (peek returns active, locked and deferred messages in sequence-number order without
// locking them). Reference §1.4, §1.8.

import { describe, expect, it } from 'vitest';
import { runScenario, validateScenario } from '../../src/engine/index';
import { ofKind, run, scenario, throwing, type Build } from './helpers';

const ack = { builtin: 'ack' };

describe('ForwardTo (ref §1.8)', () => {
  it('a queue with ForwardTo hands each message to its destination; receivers read the destination', () => {
    const r = run({
      broker: 'servicebus',
      entities: [{ type: 'queue', name: 'inbox', forwardTo: 'orders' } as never, { type: 'queue', name: 'orders' }],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'inbox' }],
      consumers: [{ service: 'Billing', handlers: [{ name: 'H', consumes: 'orders', code: ack }] }],
    });
    const fwd = ofKind(r.trace, 'message.auto-forwarded');
    expect(fwd.map((e) => [e.data.entity, e.data.to, e.data.hops])).toEqual([['inbox', 'orders', 1]]);
    expect(ofKind(r.trace, 'message.enqueued').map((e) => e.data.entity)).toEqual(['orders']);
    expect(ofKind(r.trace, 'message.acked').map((e) => e.data.entity)).toEqual(['orders']);
  });

  it('a subscription can forward to a queue', () => {
    const r = run({
      broker: 'servicebus',
      entities: [{ type: 'topic', name: 'events', subscriptions: [{ name: 'alice', forwardTo: 'alice-inbox' }] } as never, { type: 'queue', name: 'alice-inbox' }],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'events' }],
      consumers: [{ service: 'Alice', handlers: [{ name: 'H', consumes: 'alice-inbox', code: ack }] }],
    });
    expect(ofKind(r.trace, 'message.auto-forwarded')[0].data).toEqual({ entity: 'events/Subscriptions/alice', to: 'alice-inbox', hops: 1 });
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(1);
  });

  it('a chain of more than 4 hops dead-letters the message where it is, with MaxTransferHopCountExceeded', () => {
    const chain = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'];
    const r = run({
      broker: 'servicebus',
      entities: chain.map((name, i) => ({ type: 'queue', name, ...(i < 5 ? { forwardTo: chain[i + 1] } : {}) }) as never),
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'q1' }],
      consumers: [{ service: 'Ops', handlers: [{ name: 'H', consumes: 'q5/$deadletterqueue', code: ack }] }],
    });
    expect(ofKind(r.trace, 'message.auto-forwarded').map((e) => e.data.hops)).toEqual([1, 2, 3, 4]);
    const dl = ofKind(r.trace, 'message.dead-lettered');
    expect(dl.map((e) => [e.data.entity, e.data.reason])).toEqual([['q5', 'MaxTransferHopCountExceeded']]);
    expect(ofKind(r.trace, 'message.delivered')[0].data.props.DeadLetterReason).toBe('MaxTransferHopCountExceeded');
  });

  it('ForwardDeadLetteredMessagesTo moves dead letters on, and only then they carry DeadLetterSource', () => {
    const b: Build = {
      broker: 'servicebus',
      entities: [
        { type: 'queue', name: 'work', maxDeliveryCount: 1, forwardDeadLetteredMessagesTo: 'errors' } as never,
        { type: 'queue', name: 'plain', maxDeliveryCount: 1 } as never,
        { type: 'queue', name: 'errors' },
      ],
      messages: [{ type: 'Job', kind: 'command', to: 'work' }],
      consumers: [
        { service: 'Worker', handlers: [{ name: 'Fail', consumes: 'work', code: { source: throwing } }, { name: 'Fail2', consumes: 'plain', code: { source: throwing } }] },
        { service: 'Ops', handlers: [{ name: 'H', consumes: 'errors', code: ack }, { name: 'D', consumes: 'plain/$deadletterqueue', code: ack }] },
      ],
    };
    const s = scenario(b);
    s.services[0].handlers[0].code = { source: `import { defineHandler } from 'brokerlab';
export default defineHandler('Publish', async (req, ctx) => { ctx.send('Job', {}); ctx.send('Job', {}, { to: 'plain' }); });` };
    const res = runScenario(s, { seed: 1 });
    const fwd = ofKind(res.trace, 'message.auto-forwarded');
    expect(fwd.map((e) => [e.data.entity, e.data.to])).toEqual([['work/$deadletterqueue', 'errors']]);
    const fromErrors = ofKind(res.trace, 'message.delivered').find((e) => e.data.entity === 'errors')!;
    expect(fromErrors.data.props).toMatchObject({ DeadLetterReason: 'MaxDeliveryCountExceeded', DeadLetterSource: 'work' });
    const fromPlainDlq = ofKind(res.trace, 'message.delivered').find((e) => e.data.entity === 'plain/$deadletterqueue')!;
    expect(fromPlainDlq.data.props.DeadLetterReason).toBe('MaxDeliveryCountExceeded');
    expect(fromPlainDlq.data.props.DeadLetterSource).toBeUndefined();
  });

  it('validation: a missing destination, forwarding from a session entity, and a receiver on a forwarding entity are errors', () => {
    const issues = validateScenario(scenario({
      broker: 'servicebus',
      entities: [
        { type: 'queue', name: 'a', forwardTo: 'nowhere' } as never,
        { type: 'queue', name: 'b', forwardTo: 'c', requiresSession: true } as never,
        { type: 'queue', name: 'c', forwardDeadLetteredMessagesTo: 'a' } as never,
      ],
      messages: [{ type: 'M', kind: 'event', to: 'c' }],
      consumers: [{ service: 'R', handlers: [{ name: 'H', consumes: 'a', code: ack }, { name: 'D', consumes: 'c/$deadletterqueue', code: ack }] }],
    })).map((i) => `${i.path}: ${i.message}`);
    expect(issues.some((i) => /entities\[0\]\.forwardTo: no queue or topic named "nowhere"/.test(i))).toBe(true);
    expect(issues.some((i) => /entities\[1\]\.forwardTo: auto-forwarding is not supported on session-enabled/.test(i))).toBe(true);
    expect(issues.filter((i) => /cannot create a message receiver on an entity with auto-forwarding enabled/.test(i))).toHaveLength(2);
  });
});

describe('peek / browse (Microsoft Learn "Message browsing")', () => {
  const browser = (entity: string, max = 10) => ({
    service: 'Browser',
    handlers: [{ name: 'Look', code: { source: `import { defineHandler } from 'brokerlab';
export default defineHandler('Look', async (req, ctx) => { const a = ctx.peek('${entity}', ${max}); const b = ctx.peek('${entity}', ${max}); ctx.log(JSON.stringify(a.map((m) => [m.broker.SequenceNumber, m.broker.State, m.broker.DeliveryCount, m.broker.DeadLetterReason ?? null])) + (a.length === b.length ? ' same' : ' changed')); });` } }],
  });

  it('peek lists active, locked and deferred messages in SequenceNumber order, locks nothing and removes nothing', () => {
    const deferFirst = `import { defineHandler } from 'brokerlab';
export default defineHandler('H', async (msg, ctx) => { if (msg.broker.SequenceNumber === 1) return ctx.defer(); await ctx.work(10_000); });`;
    const r = run({
      broker: 'servicebus',
      entities: [{ type: 'queue', name: 'orders' }],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders' }],
      consumers: [{ service: 'Billing', handlers: [{ name: 'H', consumes: 'orders', code: { source: deferFirst } }] }, browser('orders')],
      workload: [
        { kind: 'burst', service: 'Producer', handler: 'Publish', count: 3, body: {} },
        { kind: 'burst', service: 'Browser', handler: 'Look', count: 1, startTick: 100, body: {} },
      ],
    });
    const peeked = ofKind(r.trace, 'entity.peeked');
    expect(peeked).toHaveLength(2);
    expect(peeked[0].data.sequenceNumbers).toEqual([1, 2, 3]);
    expect(ofKind(r.trace, 'handler.logged')[0].data.text).toBe('[[1,"Deferred",1,null],[2,"Active",1,null],[3,"Active",1,null]] same');
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(2);
  });

  it('peek reads a dead-letter queue with DeadLetterReason', () => {
    const r = run({
      broker: 'servicebus',
      entities: [{ type: 'queue', name: 'orders', maxDeliveryCount: 1 } as never],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders' }],
      consumers: [{ service: 'Billing', handlers: [{ name: 'H', consumes: 'orders', code: { source: throwing } }] }, browser('orders/$deadletterqueue')],
      workload: [
        { kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, body: {} },
        { kind: 'burst', service: 'Browser', handler: 'Look', count: 1, startTick: 100, body: {} },
      ],
    });
    expect(ofKind(r.trace, 'handler.logged')[0].data.text).toBe('[[1,"Active",2,"MaxDeliveryCountExceeded"]] same');
  });

  it('peek is Service Bus only: on RabbitMQ the handler fails with an explanation', () => {
    const r = run({
      broker: 'rabbitmq',
      entities: [{ type: 'queue', name: 'orders' }],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders' }],
      consumers: [browser('orders')],
      workload: [{ kind: 'burst', service: 'Browser', handler: 'Look', count: 1, body: {} }],
    });
    expect(ofKind(r.trace, 'handler.failed')[0].data.error).toContain('message browsing (peek) is Service Bus');
  });
});
