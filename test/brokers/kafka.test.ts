// Kafka model behaviour, one test per documented rule (reference: shared/reference/broker-semantics.md §3).

import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey, validateScenario, runScenario } from '../../src/engine/index';
import { utf8 } from '../../src/engine/brokers/kafka/murmur2';
import { rangeAssign, stickyAssign } from '../../src/engine/brokers/kafka/assignors';
import { ofKind, run, scenario, sim, working, type Build } from './helpers';

const ack = { builtin: 'ack' };

function topicBuild(partitions: number, extra: Partial<Build> = {}, options: Record<string, unknown> = {}): Build {
  return {
    broker: 'kafka',
    entities: [{ type: 'topic', name: 'orders', partitions }],
    messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId' }],
    consumers: [{ service: 'Billing', handlers: [{ name: 'Bill', consumes: 'orders', code: ack, options: options as never }] }],
    ...extra,
  };
}

describe('murmur2 and the default partitioner (ref §3.2)', () => {
  it('matches the Java client on the vectors of Kafka UtilsTest.testMurmur2', () => {
    // apache/kafka clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java (testMurmur2):
    // "21" → -973932308, "foobar" → -790332482, "a-little-bit-long-string" → -985981536,
    // "a-little-bit-longer-string" → -1486304829,
    // "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8" → -58897971, {'a','b','c'} → 479470107.
    expect(murmur2(utf8('21'))).toBe(-973932308);
    expect(murmur2(utf8('foobar'))).toBe(-790332482);
    expect(murmur2(utf8('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(utf8('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(utf8('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(new Uint8Array([97, 98, 99]))).toBe(479470107);
    // Akka's Murmur2Spec, "expected correct hash values from the kafka murmur2 impl": "1" → -1993445489, "12345" → -1188365604.
    expect(murmur2(utf8('1'))).toBe(-1993445489);
    expect(murmur2(utf8('12345'))).toBe(-1188365604);
  });

  it('partitionForKey = toPositive(murmur2(key)) % n, toPositive clearing the sign bit (ref §3.2)', () => {
    expect(partitionForKey('21', 7)).toBe((-973932308 & 0x7fffffff) % 7);
    expect(partitionForKey('foobar', 3)).toBe((-790332482 & 0x7fffffff) % 3);
    expect(() => partitionForKey('x', 0)).toThrow(RangeError);
  });

  it('records with the same key land on the same partition, in order, and the trace explains the choice (ref §3.1, §3.2)', () => {
    const r = run(topicBuild(3, { workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 6, body: { orderId: 'order-{n%2}', n: '{n}' } }] }, { autoOffsetReset: 'earliest' }));
    const parts = ofKind(r.trace, 'message.partitioned');
    expect(parts).toHaveLength(6);
    for (const e of parts) expect(e.data.partition).toBe(partitionForKey(e.data.key!, 3));
    expect(parts[0].text).toMatch(/^partition \d = toPositive\(murmur2\('order-1'\) = -?\d+\) mod 3; offset 0$/);
    const offsets = parts.filter((e) => e.data.key === 'order-1').map((e) => e.data.offset);
    expect(offsets).toHaveLength(3);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
  });

  it('keyless records stick to one partition until batch.size bytes (ref §3.2)', () => {
    const r = run({
      ...topicBuild(4),
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders' }],
      workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 10, body: { n: '{n}' } }],
    });
    const parts = ofKind(r.trace, 'message.partitioned');
    expect(new Set(parts.map((e) => e.data.partition)).size).toBe(1);
    expect(parts.every((e) => e.data.rule === 'sticky')).toBe(true);
  });
});

describe('consumer groups and assignment (ref §3.4)', () => {
  it('range gives contiguous ranges, the first members one extra', () => {
    expect([...rangeAssign(5, ['a', 'b']).entries()]).toEqual([['a', [0, 1, 2]], ['b', [3, 4]]]);
  });

  it('sticky keeps previous owners while balancing', () => {
    const prev = new Map([['a', [0, 1, 2]], ['b', [3, 4, 5]]]);
    const next = stickyAssign(6, ['a', 'b', 'c'], prev);
    expect(next.get('a')!.every((p) => [0, 1, 2].includes(p))).toBe(true);
    expect(next.get('b')!.every((p) => [3, 4, 5].includes(p))).toBe(true);
    expect(next.get('c')).toHaveLength(2);
  });

  it('each partition goes to exactly one member of a group; a second group reads everything again (ref §3.1)', () => {
    const b = topicBuild(4, {
      consumers: [
        { service: 'A', handlers: [{ name: 'H', consumes: 'orders', code: ack, options: { groupId: 'billing', autoOffsetReset: 'earliest' } }] },
        { service: 'B', handlers: [{ name: 'H', consumes: 'orders', code: ack, options: { groupId: 'billing', autoOffsetReset: 'earliest' } }] },
        { service: 'Audit', handlers: [{ name: 'H', consumes: 'orders', code: ack, options: { autoOffsetReset: 'earliest' } }] },
      ],
      workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 20, body: { orderId: 'order-{n}' } }],
    });
    const r = run(b);
    const rebalance = ofKind(r.trace, 'group.rebalanced').find((e) => e.data.group === 'billing')!;
    expect(rebalance.data.assignment).toEqual({ A: [0, 1], B: [2, 3] });
    const billing = ofKind(r.trace, 'message.acked').filter((e) => e.data.entity === 'orders/billing');
    const audit = ofKind(r.trace, 'message.acked').filter((e) => e.data.entity === 'orders/Audit');
    expect(billing).toHaveLength(20);
    expect(audit).toHaveLength(20);
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });
});

describe('offsets, commits and delivery semantics (ref §3.5)', () => {
  it('auto-commit commits processed positions every auto.commit.interval.ms 5000', () => {
    const r = run(topicBuild(1, {}, { autoOffsetReset: 'earliest' }));
    const commits = ofKind(r.trace, 'offset.committed');
    expect(commits).toHaveLength(1);
    expect(commits[0].tick).toBe(5000);
    expect(commits[0].data.offset).toBe(1);
  });

  it('a consumer that crashes after processing but before committing makes the new owner process the same offsets again (at-least-once)', () => {
    const b = topicBuild(2, {
      consumers: ['A', 'B'].map((s) => ({ service: s, handlers: [{ name: 'H', consumes: 'orders', code: { source: working(100) }, options: { groupId: 'g', autoOffsetReset: 'earliest' } }] })),
      workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 6, body: { orderId: 'order-{n}' } }],
    });
    const s = sim(b);
    s.runUntil(1_000);
    const acksBefore = ofKind(s.trace, 'message.acked').filter((e) => e.data.consumer === 'A').map((e) => e.messageId);
    expect(acksBefore.length).toBeGreaterThan(0);
    expect(ofKind(s.trace, 'offset.committed')).toHaveLength(0);
    const crashedAt = s.world.now();
    s.lifecycle.crash(s.world.services.get('A')!, 'test', null);
    s.runToEnd();
    const reprocessed = ofKind(s.trace, 'message.acked').filter((e) => e.data.consumer === 'B' && acksBefore.includes(e.messageId!));
    expect(reprocessed.map((e) => e.messageId).sort()).toEqual([...acksBefore].sort());
    const rebalance = ofKind(s.trace, 'group.rebalanced').at(-1)!;
    expect(rebalance.tick).toBe(crashedAt + 45_000); // session.timeout.ms
    expect(rebalance.data.assignment).toEqual({ B: [0, 1] });
  });

  it('commit before processing loses the record in flight when the consumer dies (at-most-once)', () => {
    const b = topicBuild(1, {
      consumers: [
        { service: 'A', handlers: [{ name: 'H', consumes: 'orders', code: { source: working(1_000) }, options: { groupId: 'g', commit: 'before-processing', autoOffsetReset: 'earliest' } }] },
        { service: 'B', handlers: [{ name: 'H', consumes: 'orders', code: ack, options: { groupId: 'g', commit: 'before-processing', autoOffsetReset: 'earliest' } }] },
      ],
    });
    const s = sim(b);
    s.runUntil(500);
    s.lifecycle.crash(s.world.services.get(ofKind(s.trace, 'message.delivered')[0].data.consumer)!, 'test', null);
    s.runToEnd();
    expect(ofKind(s.trace, 'message.dropped')).toHaveLength(1);
    expect(ofKind(s.trace, 'message.acked')).toHaveLength(0);
  });

  it('commit after processing commits each record; a crash between processing and commit re-reads only that one', () => {
    const r = run(topicBuild(1, { workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 3, body: { orderId: 'o-{n}' } }] }, { commit: 'after-processing', autoOffsetReset: 'earliest' }));
    expect(ofKind(r.trace, 'offset.committed').map((e) => e.data.offset)).toEqual([1, 2, 3]);
  });

  it('auto.offset.reset=latest (the default) skips records written before the group had an offset', () => {
    const b = topicBuild(1);
    b.workload = [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, body: { orderId: 'o-1' } }];
    const r = run(b);
    expect(ofKind(r.trace, 'offset.reset')[0].text).toMatch(/auto\.offset\.reset=latest starts at 0/);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(1); // the member joined at tick 0, before the record
  });

  it('a handler running past max.poll.interval.ms makes its member leave the group, and its commit fails', () => {
    const b = topicBuild(1, {
      consumers: [
        { service: 'Slow', handlers: [{ name: 'H', consumes: 'orders', code: { source: working(400_000) }, options: { groupId: 'g', commit: 'after-processing', autoOffsetReset: 'earliest' } }] },
      ],
    });
    const r = run(b);
    expect(ofKind(r.trace, 'group.rebalanced').some((e) => /max\.poll\.interval\.ms 300000/.test(e.data.reason))).toBe(true);
    expect(ofKind(r.trace, 'offset.commit-failed')[0].text).toMatch(/CommitFailedException/);
  });
});

describe('failures and the dead-letter topic (ref §3.8)', () => {
  const failing = `import { defineHandler } from 'brokerlab';
export default defineHandler('Fail', async (msg, ctx) => { throw new Error('poison'); });`;

  it('blocking retries: 10 deliveries (FixedBackOff(0, 9)), then the record is published to <topic>.DLT', () => {
    const r = run(topicBuild(1, { consumers: [{ service: 'Billing', handlers: [{ name: 'Fail', consumes: 'orders', code: { source: failing }, options: { deadLetterTopic: true, autoOffsetReset: 'earliest' } }] }] }));
    expect(ofKind(r.trace, 'message.delivered').filter((e) => e.data.entity === 'orders/Billing')).toHaveLength(10);
    const dl = ofKind(r.trace, 'message.dead-lettered')[0];
    expect(dl.data.dlq).toBe('orders.DLT');
    expect(ofKind(r.trace, 'message.partitioned').at(-1)!.data.topic).toBe('orders.DLT');
  });

  it('without a DLT the default recoverer logs and skips: the record is lost', () => {
    const r = run(topicBuild(1, { consumers: [{ service: 'Billing', handlers: [{ name: 'Fail', consumes: 'orders', code: { source: failing }, options: { autoOffsetReset: 'earliest' } }] }] }));
    expect(ofKind(r.trace, 'message.dropped')).toHaveLength(1);
    expect(r.checks[0].errors.some((e) => e.anomaly === 'lost')).toBe(true);
  });
});

describe('retention and replay (ref §3.6)', () => {
  it('retention.ms deletes old records whether read or not', () => {
    const b = topicBuild(1, { consumers: [] });
    b.entities = [{ type: 'topic', name: 'orders', partitions: 1, retentionMs: 60_000 }];
    const r = run(b);
    const del = ofKind(r.trace, 'retention.deleted')[0];
    expect(del.tick).toBe(60_000);
    expect(del.data.logStartOffset).toBe(1);
  });

  it('resetting an inactive group to earliest replays the log', () => {
    const b = topicBuild(1, {}, { autoOffsetReset: 'earliest', commit: 'after-processing' });
    const s = sim(b);
    s.runUntil(1_000);
    const billing = s.world.services.get('Billing')!;
    s.lifecycle.crash(billing, 'stop for the reset', null);
    const broker = s.world.brokerOf.get('orders') as unknown as { resetOffsets(t: string, g: string, to: 'earliest'): boolean };
    expect(broker.resetOffsets('orders', 'Billing', 'earliest')).toBe(true);
    s.lifecycle.restart(billing);
    s.runToEnd();
    expect(ofKind(s.trace, 'message.acked')).toHaveLength(2);
  });
});

describe('bad configuration (ref §3.1)', () => {
  it('zero partitions, a negative retention and an unknown strategy are validation issues', () => {
    const b = topicBuild(0, {}, { partitionAssignmentStrategy: 'random' });
    b.entities = [{ type: 'topic', name: 'orders', partitions: 0, retentionMs: -5 }];
    const issues = validateScenario(scenario(b));
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['entities[0].partitions', 'entities[0].retentionMs', 'services[1].handlers[0].options.partitionAssignmentStrategy']));
    expect(() => runScenario(scenario(b))).toThrow(/partitions/);
  });
});
