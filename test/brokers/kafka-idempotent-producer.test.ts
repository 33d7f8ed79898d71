// The idempotent producer (ref §0, §3.3; [K-PCFG] enable.idempotence, request.timeout.ms,
// delivery.timeout.ms): a producer that gets no acknowledgement sends the record again. Without
// idempotence the broker writes a second copy; with it (the Java default since Kafka 3.0) the
// leader recognises the producer id and sequence number and does not write it twice.

import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { findScenario } from '../../src/scenarios/index';
import { ofKind, scenario, type Build } from './helpers';

const ack = { builtin: 'ack' };

function cutOff(topic: Record<string, unknown>, durationTicks = 40_000) {
  const b: Build = {
    broker: 'kafka',
    entities: [{ type: 'topic', name: 'orders', partitions: 1, ...topic } as never],
    messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId' }],
    consumers: [{ service: 'Shipping', handlers: [{ name: 'H', consumes: 'orders', code: ack, options: { autoOffsetReset: 'earliest' } }] }],
    workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, startTick: 10, body: { orderId: 'order-1' } }],
  };
  return runScenario({ ...scenario(b), faults: [{ type: 'producer-cut-off', service: 'Producer', atTick: 0, durationTicks }] });
}

describe('producer retries after a lost acknowledgement (ref §3.3)', () => {
  it('without enable.idempotence every resend after request.timeout.ms is another copy in the log', () => {
    const r = cutOff({ enableIdempotence: false });
    const writes = ofKind(r.trace, 'message.partitioned');
    expect(writes.map((e) => e.tick)).toEqual([10, 30_010, 60_010]); // request.timeout.ms 30 000; the cut lasts 40 s
    expect(new Set(writes.map((e) => e.messageId)).size).toBe(1);
    expect(writes.map((e) => e.data.offset)).toEqual([0, 1, 2]);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(3); // the consumer processes it three times
  });

  it('with enable.idempotence (the default) the leader drops the resends: same producer id and sequence', () => {
    const r = cutOff({});
    expect(ofKind(r.trace, 'message.partitioned')).toHaveLength(1);
    const dups = ofKind(r.trace, 'message.duplicate-dropped');
    expect(dups.map((e) => e.tick)).toEqual([30_010, 60_010]);
    expect(dups[0].text).toMatch(/sequence 0/);
    expect(ofKind(r.trace, 'produce.acknowledged')[0].tick).toBe(60_010);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(1);
  });

  it('a cut longer than delivery.timeout.ms (120 s) fails the send with a TimeoutException, though the record was written', () => {
    const r = cutOff({}, 200_000);
    const failed = ofKind(r.trace, 'produce.failed').at(-1)!;
    expect(failed.tick).toBe(120_010);
    expect(failed.data.retrying).toBe(false);
    expect(failed.text).toMatch(/TimeoutException.*written at offset 0/);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(1);
  });
});

describe('the idempotent-producer sandbox scenario', () => {
  for (const seed of findScenario('kafka-idempotent-producer')!.seeds!) {
    it(`orders resent during the cut are shipped twice from the plain topic and once from the idempotent one (seed ${seed})`, () => {
      const r = runScenario(findScenario('kafka-idempotent-producer')!, { seed });
      const failing = r.checks.filter((c) => !c.valid);
      expect(failing.map((c) => c.name)).toEqual(['db-predicate']);
      const why = failing[0].errors.map((e) => e.explanation);
      expect(why).toHaveLength(1);
      expect(why[0]).toMatch(/^without it every order is shipped once/);
      expect(ofKind(r.trace, 'message.duplicate-dropped').every((e) => e.data.entity === 'orders-idempotent')).toBe(true);
    });
  }
});
