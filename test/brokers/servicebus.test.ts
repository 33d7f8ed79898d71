// Azure Service Bus model behaviour, one test per documented rule (reference: shared/reference/broker-semantics.md §1).

import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/engine/index';
import { parseSqlFilter, matches } from '../../src/engine/brokers/servicebus/sql-filter';
import { ofKind, run, scenario, sim, throwing, working, type Build } from './helpers';

const ack = { builtin: 'ack' };
const queue = (options: Record<string, unknown> = {}, handler: Record<string, unknown> = {}, source = throwing): Build => ({
  broker: 'servicebus',
  entities: [{ type: 'queue', name: 'orders', ...options } as never],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId' }],
  consumers: [{ service: 'Billing', handlers: [{ name: 'H', consumes: 'orders', code: { source }, ...handler } as never] }],
});

describe('delivery count and the dead-letter queue (ref §1.4)', () => {
  it('an always-throwing handler is delivered exactly 10 times, then dead-lettered with MaxDeliveryCountExceeded', () => {
    const r = run(queue());
    const d = ofKind(r.trace, 'message.delivered');
    expect(d).toHaveLength(10);
    expect(d.map((e) => e.data.props.DeliveryCount)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const dl = ofKind(r.trace, 'message.dead-lettered');
    expect(dl).toHaveLength(1);
    expect(dl[0].data.reason).toBe('MaxDeliveryCountExceeded');
    expect(dl[0].data.dlq).toBe('orders/$deadletterqueue');
    expect(dl[0].text).toMatch(/^dead-lettered: delivery count 11 > MaxDeliveryCount 10/);
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });

  it('MaxDeliveryCount is an entity property; a DLQ reader sees DeadLetterReason', () => {
    const b = queue({ maxDeliveryCount: 2 });
    b.consumers!.push({ service: 'Ops', handlers: [{ name: 'Park', consumes: 'orders/$deadletterqueue', code: ack }] });
    const r = run(b);
    expect(ofKind(r.trace, 'message.delivered').filter((e) => e.data.entity === 'orders')).toHaveLength(2);
    const fromDlq = ofKind(r.trace, 'message.delivered').find((e) => e.data.entity === 'orders/$deadletterqueue')!;
    expect(fromDlq.data.props.DeadLetterReason).toBe('MaxDeliveryCountExceeded');
  });

  it('ctx.deadLetter moves the message with the application reason', () => {
    const src = `import { defineHandler } from 'brokerlab';
export default defineHandler('H', async (msg, ctx) => { ctx.deadLetter('InvalidOrder', 'qty must be positive'); });`;
    const r = run(queue({}, {}, src));
    const dl = ofKind(r.trace, 'message.dead-lettered')[0];
    expect(dl.data.reason).toBe('InvalidOrder');
    expect(dl.data.description).toBe('qty must be positive');
  });
});

describe('locks (ref §1.3)', () => {
  it('LockDuration defaults to 60 s: LockedUntil = receive time + 60000', () => {
    const r = run(queue({}, {}, working(10)));
    expect(ofKind(r.trace, 'message.delivered')[0].data.props.LockedUntil).toBe(60_000);
  });

  it('the processor renews the lock while the handler runs (MaxAutoLockRenewalDuration 5 min)', () => {
    const r = run(queue({}, {}, working(150_000)));
    expect(ofKind(r.trace, 'message.lock-renewed').map((e) => e.tick)).toEqual([60_000, 120_000]);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(1);
  });

  it('without renewal the lock expires: the message comes back with DeliveryCount + 1 and the late complete fails', () => {
    const r = run(queue({ lockDurationTicks: 1_000 }, { options: { maxAutoLockRenewalDurationTicks: 0 } }, working(1_500)));
    const expired = ofKind(r.trace, 'message.lock-expired');
    expect(expired[0].tick).toBe(1_000);
    const d = ofKind(r.trace, 'message.delivered');
    expect(d[1].data.props.DeliveryCount).toBe(2);
    expect(ofKind(r.trace, 'message.settle-failed')[0].text).toMatch(/MessageLockLostException/);
  });

  it('a crashed receiver never settles: the lock lapses and another delivery follows', () => {
    const s = sim(queue({ lockDurationTicks: 5_000 }, {}, working(1_000)));
    s.runUntil(100);
    s.lifecycle.crash(s.world.services.get('Billing')!, 'test', 1_000);
    s.runToEnd();
    expect(ofKind(s.trace, 'message.lock-expired')[0].tick).toBe(5_000);
    expect(ofKind(s.trace, 'message.delivered').map((e) => e.data.props.DeliveryCount)).toEqual([1, 2]);
  });
});

describe('receive modes and prefetch (ref §1.2, §1.10)', () => {
  it('ReceiveAndDelete removes the message on delivery, so a failing handler loses it', () => {
    const r = run(queue({}, { options: { receiveMode: 'ReceiveAndDelete' } }));
    expect(ofKind(r.trace, 'message.delivered')).toHaveLength(1);
    expect(ofKind(r.trace, 'message.dropped')).toHaveLength(1);
    expect(r.checks[0].errors.some((e) => e.anomaly === 'lost')).toBe(true);
  });

  it('prefetched messages wait in the buffer with their lock ticking, and can expire there', () => {
    const b = queue({ lockDurationTicks: 1_000 }, { options: { prefetchCount: 2 } }, working(800));
    b.workload = [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 3, body: { orderId: 'o-{n}' } }];
    const r = run(b);
    const d = ofKind(r.trace, 'message.delivered');
    expect(d[1].text).toMatch(/prefetched into Billing's buffer/);
    expect(ofKind(r.trace, 'message.lock-expired').some((e) => /prefetch buffer/.test(e.text ?? ''))).toBe(true);
  });
});

describe('TTL (ref §1.7)', () => {
  const noConsumer = (o: Record<string, unknown>): Build => ({ ...queue(o), consumers: [] });

  it('an expired message is removed, or dead-lettered with TTLExpiredException when enabled', () => {
    const dropped = run(noConsumer({ defaultMessageTimeToLiveTicks: 1_000 }));
    expect(ofKind(dropped.trace, 'message.expired')[0].tick).toBe(1_000);
    const dl = run(noConsumer({ defaultMessageTimeToLiveTicks: 1_000, deadLetteringOnMessageExpiration: true }));
    expect(ofKind(dl.trace, 'message.dead-lettered')[0].data.reason).toBe('TTLExpiredException');
  });

  it("the entity's DefaultMessageTimeToLive caps a longer per-message TimeToLive", () => {
    const b = noConsumer({ defaultMessageTimeToLiveTicks: 1_000 });
    b.workload = [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, body: { orderId: 'o', options: { headers: { TimeToLive: 9_000 } } } }];
    expect(ofKind(run(b).trace, 'message.expired')[0].tick).toBe(1_000);
  });
});

describe('duplicate detection (ref §1.5)', () => {
  it('a second send with the same MessageId inside the window is accepted and dropped', () => {
    const b = queue({ requiresDuplicateDetection: true }, {}, working(1));
    b.workload = [{ kind: 'steady', service: 'Producer', handler: 'Publish', count: 2, intervalTicks: 1_000, body: { orderId: 'o', options: { headers: { MessageId: 'order-o' } } } }];
    const r = run(b);
    expect(ofKind(r.trace, 'message.duplicate-dropped')).toHaveLength(1);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(1);
  });

  it('after the window the same MessageId is accepted again', () => {
    const b = queue({ requiresDuplicateDetection: true, duplicateDetectionHistoryTimeWindowTicks: 20_000 }, {}, working(1));
    b.workload = [{ kind: 'steady', service: 'Producer', handler: 'Publish', count: 2, intervalTicks: 30_000, body: { orderId: 'o', options: { headers: { MessageId: 'order-o' } } } }];
    expect(ofKind(run(b).trace, 'message.duplicate-dropped')).toHaveLength(0);
  });
});

describe('sessions (ref §1.6)', () => {
  it('messages of one session go in order to the receiver holding the session lock', () => {
    const b = queue({ requiresSession: true }, { options: { maxConcurrentSessions: 2 } }, working(10));
    b.consumers!.push({ service: 'Other', handlers: [{ name: 'H', consumes: 'orders', code: { source: working(10) } }] });
    b.workload = [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 6, body: { orderId: 'order-{n%2}', n: '{n}' } }];
    const r = run(b);
    const locked = ofKind(r.trace, 'session.locked');
    expect(locked.length).toBeGreaterThanOrEqual(2);
    for (const session of ['order-0', 'order-1']) {
      const seqs = ofKind(r.trace, 'message.delivered').filter((e) => e.data.props.SessionId === session).map((e) => e.data.props.SequenceNumber as number);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });

  it('abandon on a session brings the same message back next (head of line)', () => {
    const once = `import { defineHandler } from 'brokerlab';
export default defineHandler('H', async (msg, ctx) => { if (msg.broker.DeliveryCount === 1) throw new Error('first try'); });`;
    const b = queue({ requiresSession: true }, {}, once);
    b.workload = [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 2, body: { orderId: 's' } }];
    const r = run(b);
    expect(ofKind(r.trace, 'message.delivered').map((e) => [e.data.props.SequenceNumber, e.data.props.DeliveryCount])).toEqual([[1, 1], [1, 2], [2, 1], [2, 2]]);
  });

  it('a send without SessionId to a session-enabled queue fails at the sender with InvalidOperationException; nothing is sent (ref §1.6)', () => {
    const b = queue({ requiresSession: true }, {}, working(1));
    b.messages = [{ type: 'OrderPlaced', kind: 'event', to: 'orders' }];
    const r = run(b);
    const refused = ofKind(r.trace, 'message.send-failed');
    expect(refused).toHaveLength(1);
    expect(refused[0].data.reason).toMatch(/^InvalidOperationException: the SessionId was not set/);
    const failed = ofKind(r.trace, 'handler.failed');
    expect(failed[0].data.service).toBe('Producer');
    expect(failed[0].data.error).toContain('InvalidOperationException');
    expect(ofKind(r.trace, 'message.published')).toHaveLength(0);
    expect(ofKind(r.trace, 'message.enqueued')).toHaveLength(0);
    expect(ofKind(r.trace, 'message.dead-lettered')).toHaveLength(0);
  });

  it('a topic accepts a message without SessionId; only its session-enabled subscription dead-letters the copy ("Session ID is null", ref §1.4)', () => {
    const b: Build = {
      broker: 'servicebus',
      entities: [{ type: 'topic', name: 'events', subscriptions: [{ name: 'ordered', requiresSession: true }, { name: 'plain' }] } as never],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'events' }],
      consumers: [{ service: 'Audit', handlers: [{ name: 'H', consumes: 'events/Subscriptions/plain', code: ack }] }],
    };
    const r = run(b);
    expect(ofKind(r.trace, 'message.send-failed')).toHaveLength(0);
    const dl = ofKind(r.trace, 'message.dead-lettered');
    expect(dl.map((e) => [e.data.entity, e.data.reason])).toEqual([['events/Subscriptions/ordered', 'Session ID is null']]);
    expect(ofKind(r.trace, 'message.acked').map((e) => e.data.entity)).toEqual(['events/Subscriptions/plain']);
  });
});

describe('topics, subscriptions and rules (ref §1.1)', () => {
  const topic = (subscriptions: unknown[]): Build => ({
    broker: 'servicebus',
    entities: [{ type: 'topic', name: 'orders', subscriptions } as never],
    messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', headers: { region: 'eu', quantity: 10 } }],
  });

  it('a subscription without rules gets $Default (true filter); one with an empty rule list receives nothing', () => {
    const r = run(topic([{ name: 'all' }, { name: 'none', rules: [] }]));
    expect(ofKind(r.trace, 'message.enqueued').map((e) => e.data.entity)).toEqual(['orders/Subscriptions/all']);
    expect(ofKind(r.trace, 'message.routed')[0].text).toContain('none: no rule matched');
  });

  it('matching rules without actions give one copy; each matching rule with an action its own copy (5 rules, 2 with actions ⇒ 3)', () => {
    const rules = [
      { name: 'r1', filter: { sql: "region = 'eu'" } },
      { name: 'r2', filter: { sql: 'quantity > 5' } },
      { name: 'r3', filter: { correlation: { Subject: 'OrderPlaced' } } },
      { name: 'a1', filter: true, action: 'SET quantity = quantity / 2' },
      { name: 'a2', filter: { sql: 'EXISTS(region)' }, action: "SET sys.Label = 'copied'" },
    ];
    const r = run(topic([{ name: 's', rules }]));
    const enq = ofKind(r.trace, 'message.enqueued');
    expect(enq).toHaveLength(3);
    expect(ofKind(r.trace, 'message.routed')[0].data.copies).toBe(3);
  });

  it('SQL filters: comparisons, LIKE, IN, IS NULL and unknown (missing property) not matching', () => {
    const props = { sys: { Label: 'OrderPlaced' }, user: { region: 'eu-west', qty: 3 } };
    expect(matches(parseSqlFilter("region LIKE 'eu%' AND qty IN (1, 2, 3)"), props)).toBe(true);
    expect(matches(parseSqlFilter('missing > 1'), props)).toBe(false);
    expect(matches(parseSqlFilter('NOT (missing > 1)'), props)).toBe(false);
    expect(matches(parseSqlFilter('missing IS NULL'), props)).toBe(true);
    expect(matches(parseSqlFilter("sys.Label = 'OrderPlaced'"), props)).toBe(true);
    expect(() => parseSqlFilter('region = ')).toThrow();
  });

  it('receivers read subscriptions, not topics; bad SQL and a zero lock duration are validation issues', () => {
    const b = topic([{ name: 's', rules: [{ name: 'bad', filter: { sql: 'region = = 1' } }], lockDurationTicks: 0 }]);
    b.consumers = [{ service: 'C', handlers: [{ name: 'H', consumes: 'orders', code: ack }] }];
    const paths = validateScenario(scenario(b)).map((i) => `${i.path}: ${i.message}`);
    expect(paths.some((p) => p.startsWith('entities[0].subscriptions[0].rules[0].filter.sql'))).toBe(true);
    expect(paths.some((p) => p.startsWith('entities[0].subscriptions[0].lockDurationTicks'))).toBe(true);
    expect(paths.some((p) => p.includes('consumes') && p.includes('orders/Subscriptions/<subscription>'))).toBe(true);
  });
});

describe('sequencing and scheduling (ref §1.7)', () => {
  it('SequenceNumbers are gap-free and increasing per entity; a scheduled message is enqueued when due', () => {
    const b = queue({}, {}, working(1));
    b.workload = [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 3, body: { orderId: 'o-{n}' } }];
    const r = run(b);
    expect(ofKind(r.trace, 'message.enqueued').map((e) => e.data.props.SequenceNumber)).toEqual([1, 2, 3]);
    const later = queue({}, {}, working(1));
    later.workload = [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, body: { orderId: 'o', options: { delayTicks: 5_000 } } }];
    const e = ofKind(run(later).trace, 'message.enqueued')[0];
    expect(e.tick).toBe(5_000);
    expect(e.text).toMatch(/scheduled message activated/);
  });
});
