// Kafka in the fold: per-partition log end, committed offset and consumer lag per group, from a
// literal trace (ref §3.1 partition logs, §3.5 committed offset = the next record to read, §3.6
// retention moves the log start), plus the same numbers from a real engine run.

import { describe, expect, it } from 'vitest';
import { foldTrace } from '../../src/engine/state/fold';
import { TraceStates } from '../../src/projections/state-at';
import { runScenario, defineScenario } from '../../src/engine/index';
import { ev, traceOf } from './trace-fixture';
import { comparableState } from '../engine/helpers';

const kafkaTrace = traceOf(
  ev('group.rebalanced', 'orders/billing', { topic: 'orders', group: 'billing', generation: 1, strategy: 'range', reason: 'Billing joined', assignment: { Billing: [0, 1] } }),
  ev('offset.reset', 'orders/billing', { topic: 'orders', group: 'billing', partition: 0, offset: 0, reason: 'no committed offset' }),
  ev('offset.reset', 'orders/billing', { topic: 'orders', group: 'billing', partition: 1, offset: 0, reason: 'no committed offset' }),
  ev('message.partitioned', 'orders', { topic: 'orders', partition: 0, offset: 0, rule: 'key', key: 'a' }, { messageId: 'm-1' }),
  ev('message.partitioned', 'orders', { topic: 'orders', partition: 0, offset: 1, rule: 'key', key: 'a' }, { messageId: 'm-2' }),
  ev('message.partitioned', 'orders', { topic: 'orders', partition: 1, offset: 0, rule: 'key', key: 'b' }, { messageId: 'm-3' }),
  ev('offset.committed', 'orders/billing', { topic: 'orders', group: 'billing', partition: 0, offset: 1 }),
  ev('group.rebalanced', 'orders/audit', { topic: 'orders', group: 'audit', generation: 1, strategy: 'range', reason: 'Audit joined', assignment: { Audit: [0, 1] } }),
  ev('offset.reset', 'orders/audit', { topic: 'orders', group: 'audit', partition: 0, offset: 2, reason: 'no committed offset' }),
  ev('offset.reset', 'orders/audit', { topic: 'orders', group: 'audit', partition: 1, offset: 1, reason: 'no committed offset' }),
  ev('message.partitioned', 'orders', { topic: 'orders', partition: 1, offset: 1, rule: 'key', key: 'b' }, { messageId: 'm-4' }),
  ev('retention.deleted', 'orders', { topic: 'orders', partition: 1, logStartOffset: 1, deleted: 1 }),
);

describe('Kafka in the fold (ref §3.1, §3.5, §3.6)', () => {
  it('tracks log end per partition, committed offsets, owners and lag per group', () => {
    const s = foldTrace(kafkaTrace);
    expect(s.kafka!.topics.orders).toEqual({ logStart: [0, 1], logEnd: [2, 2] });
    const billing = s.kafka!.groups['orders/billing'];
    expect(billing.committed).toEqual([1, null]);
    expect(billing.owner).toEqual(['Billing', 'Billing']);
    // p0: 2 − committed 1; p1: 2 − max(start 0, log start 1) (the deleted record is no longer lag).
    expect(billing.lag).toEqual([1, 1]);
    expect(billing.totalLag).toBe(2);
    // A late group with auto.offset.reset=latest starts at the end: only newer records are lag.
    const audit = s.kafka!.groups['orders/audit'];
    expect(audit.lag).toEqual([0, 1]);
  });

  it('lag at an earlier position is the lag of that moment; checkpointed seeks agree', () => {
    expect(foldTrace(kafkaTrace, undefined, 6).kafka!.groups['orders/billing'].lag).toEqual([2, 1]);
    expect(foldTrace(kafkaTrace, undefined, 7).kafka!.groups['orders/billing'].totalLag).toBe(2);
    const states = new TraceStates([...kafkaTrace], 3);
    for (const p of [12, 2, 7, 0, 5, 11]) expect(comparableState(states.at(p))).toEqual(comparableState(foldTrace(kafkaTrace, undefined, p)));
  });

  it('a trace without Kafka events has no kafka state (older readers see the same RunState)', () => {
    expect(foldTrace(kafkaTrace.slice(0, 0)).kafka).toBeUndefined();
  });

  it('an engine run ends with lag 0 once every record is processed and committed', () => {
    const scenario = defineScenario({
      id: 't', title: 't', broker: 'kafka',
      entities: [{ type: 'topic', name: 'orders', partitions: 3 } as never],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId' }],
      services: [
        { name: 'Producer', handlers: [{ name: 'Publish', code: { source: `import { defineHandler } from 'brokerlab';\nexport default defineHandler('Publish', async (req, ctx) => { ctx.publish('OrderPlaced', req.body); });` } }] },
        { name: 'Billing', handlers: [{ name: 'H', consumes: 'orders', options: { commit: 'after-processing' }, code: { builtin: 'ack' } } as never] },
      ],
      workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 9, body: { orderId: 'order-{n}' } }],
      limits: { ticksMax: 600_000 },
    });
    const r = runScenario(scenario, { seed: 1 });
    const s = foldTrace(r.trace);
    const logEnd = s.kafka!.topics.orders.logEnd;
    expect(logEnd.reduce((a, b) => a + b, 0)).toBe(9);
    expect(s.kafka!.groups['orders/Billing'].committed).toEqual(logEnd);
    expect(s.kafka!.groups['orders/Billing'].totalLag).toBe(0);
    // Halfway through, some records were published but not yet committed: lag > 0.
    const lags = r.trace.map((_, i) => foldTrace(r.trace, undefined, i).kafka?.groups['orders/Billing']?.totalLag ?? 0);
    expect(Math.max(...lags)).toBeGreaterThan(0);
  });
});
