// Mermaid export of Kafka cluster events: the brokers (kafka-1…) are participants, as in the
// live diagram — replication arrows leader → follower with the high watermark, acks back to the
// producer, notes for crashes, lag, elections, truncation, ISR changes, failed sends, log
// compaction and a restarted member's wait for its old session — so an
// exported "acknowledged and then lost" reads the same as on screen.

import { describe, expect, it } from 'vitest';
import { traceToMermaid } from '../../src/projections/mermaid';
import { ev, traceOf } from './trace-fixture';

const published = { type: 'PaymentTaken', messageKind: 'event' as const, destination: 'payments', body: {}, headers: {}, via: 'direct' as const };
const m1 = { messageId: 'm-1' };

const trace = traceOf(
  ev('message.published', 'Shop', published, m1),
  ev('produce.acknowledged', 'kafka-1', { topic: 'payments', partition: 0, offset: 0, acks: '1', producer: 'Shop' }, m1),
  ev('broker.lagging', 'kafka-2', { broker: 'kafka-2', untilTick: 40_000 }),
  ev('isr.shrunk', 'kafka-1', { topic: 'payments', partition: 0, isr: ['kafka-1'] }),
  ev('broker.crashed', 'kafka-1', { broker: 'kafka-1' }),
  ev('leader.elected', 'controller', { topic: 'payments', partition: 0, leader: 'kafka-2', epoch: 1, unclean: true, isr: ['kafka-2'] }),
  ev('replica.truncated', 'kafka-2', { topic: 'payments', partition: 0, fromOffset: 0, records: 1 }),
  ev('produce.failed', 'payments', { topic: 'payments', partition: 0, producer: 'Shop', reason: 'NotEnoughReplicas: ISR 1 < min.insync.replicas 2', retrying: true }, m1),
  ev('broker.restarted', 'kafka-1', { broker: 'kafka-1' }),
  ev('replica.fetched', 'kafka-1', { topic: 'payments', partition: 0, broker: 'kafka-1', leader: 'kafka-2', fromOffset: 0, logEndOffset: 3, highWatermark: 3 }),
  ev('isr.expanded', 'kafka-2', { topic: 'payments', partition: 0, isr: ['kafka-2', 'kafka-1'] }),
  ev('leader.elected', 'controller', { topic: 'payments', partition: 1, leader: null, epoch: 2, unclean: false, isr: [] }),
  ev('log.compacted', 'payments', { topic: 'payments', partition: 0, cleanedTo: 40, removed: 20, tombstonesRemoved: 0, activeSegmentBase: 40 }),
  ev('group.rebalance-started', 'payments/Billing', { topic: 'payments', group: 'Billing', member: 'Billing', waitingUntilTick: 50_050, stopsGroup: true }),
);

// RabbitMQ: publisher confirms that did not come back, and a stream consumer attaching again.
const rabbit = traceOf(
  ev('message.published', 'Shop', { ...published, destination: 'orders' }, m1),
  ev('publish.confirmed', 'orders', { destination: 'orders', publisher: 'Shop', outcome: 'ack', attempt: 1, retrying: false }, m1),
  ev('publish.confirmed', 'orders', { destination: 'orders', publisher: 'Shop', outcome: 'nack', attempt: 1, retrying: true }, m1),
  ev('publish.confirmed', 'orders', { destination: 'orders', publisher: 'Shop', outcome: 'timeout', attempt: 5, retrying: false }, m1),
  ev('publish.confirmed', 'orders', { destination: 'orders', publisher: 'Shop', outcome: 'nack', attempt: 1, retrying: false, awaited: true }, m1),
  ev('stream.attached', 'events/Notify', { entity: 'events/Notify', consumer: 'Notify', offset: 7, offsetSpec: 'next' }),
);

describe('mermaid export of Kafka cluster events', () => {
  const text = traceToMermaid(trace);
  const lines = text.trim().split('\n').map((l) => l.trim());

  it('makes the cluster brokers participants and draws every cluster event', () => {
    expect(lines).toContain('participant P2 as kafka-1');
    expect(lines).toContain('participant P3 as kafka-2');
    expect(lines).toContain('P2-->>P0: ↩ ack PaymentTaken m-1 @0 (acks=1)');
    expect(lines).toContain('Note over P3: ◷ followers stalled until 40000 ms');
    expect(lines).toContain('Note over P2: ISR payments-0 [kafka-1]');
    expect(lines).toContain('Note over P2: ✸ broker crashed');
    expect(lines).toContain('Note over P3: ● leads payments-0 (unclean)');
    expect(lines).toContain('Note over P3: ✗ payments-0 from offset 0: 1 record(s) gone');
    expect(lines).toContain('Note over P0: ✗ send PaymentTaken m-1: NotEnoughReplicas (retries)');
    expect(lines).toContain('Note over P2: ↻ broker back (follower)');
    expect(lines).toContain('P3-->>P2: replicate payments-0 …2 (high watermark 3)');
    expect(lines).toContain('Note over P3: ISR payments-0 [kafka-2, kafka-1]');
    expect(lines).toContain('Note over P1: ✗ payments-1 offline');
    expect(lines).toContain('Note over P1: ⊘ compacted payments-0 to offset 40: 20 removed');
    expect(lines).toContain('participant P4 as Billing');
    expect(lines).toContain('Note over P4: ◷ rejoin waits for the old session until 50050 ms');
  });

  it('notes RabbitMQ nacks and missing confirms over the publisher (not the acks) — a handler awaiting its confirm has its publish throw — and a stream consumer attaching again', () => {
    const lines = traceToMermaid(rabbit).trim().split('\n').map((l) => l.trim());
    expect(lines.filter((l) => l.startsWith('Note'))).toEqual([
      'Note over P0: ✗ basic.nack: PaymentTaken m-1, publishes again',
      'Note over P0: ✗ no confirm: PaymentTaken m-1, gives up',
      'Note over P0: ✗ basic.nack: PaymentTaken m-1, its publish throws',
      'Note over P2: ↺ attaches at offset 7 (x-stream-offset next)',
    ]);
  });

  it('writes one statement per event (nothing dropped, nothing extra)', () => {
    const statements = lines.filter((l) => !l.startsWith('participant') && l !== 'sequenceDiagram');
    expect(statements).toHaveLength(trace.length);
  });
});
