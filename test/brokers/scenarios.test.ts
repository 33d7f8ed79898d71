// The three broker sandbox scenarios show what they promise (that they run clean on every seed
// is test/scenarios/builtin.test.ts).

import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { serviceBusSessions } from '../../src/scenarios/servicebus-sessions';
import { rabbitMqRouting } from '../../src/scenarios/rabbitmq-routing';
import { kafkaPartitions } from '../../src/scenarios/kafka-partitions';
import { ofKind } from './helpers';

describe('broker sandbox scenarios', () => {
  it('servicebus-sessions: session locks, per-session order, and a MaxDeliveryCountExceeded dead-letter read by Operations', () => {
    const r = runScenario(serviceBusSessions);
    expect(ofKind(r.trace, 'session.locked').length).toBeGreaterThan(1);
    expect(ofKind(r.trace, 'message.dead-lettered').map((e) => e.data.reason)).toEqual(['MaxDeliveryCountExceeded']);
    expect(Object.values(r.finalDb.Operations.parked)).toHaveLength(1);
    const steps = { ...r.finalDb['Packing-1'].steps, ...r.finalDb['Packing-2'].steps } as Record<string, string[]>;
    expect(Object.keys(steps).sort()).toEqual(['order-0', 'order-1', 'order-2']);
  });

  it('rabbitmq-routing: copies by binding, prefetch skips, and x-death on the parked order', () => {
    const r = runScenario(rabbitMqRouting);
    const perQueue = (q: string) => ofKind(r.trace, 'message.enqueued').filter((e) => e.data.entity === q).length;
    expect(perQueue('billing')).toBe(9);
    expect(perQueue('shipping-eu')).toBe(7);
    expect(perQueue('audit')).toBe(9);
    expect(perQueue('parked')).toBe(1);
    expect(ofKind(r.trace, 'message.delivered').some((e) => /prefetch 1 reached/.test(e.text ?? ''))).toBe(true);
    expect(Object.values(r.finalDb.Operations.parked)[0]).toEqual({ queue: 'billing', reason: 'rejected', count: 1 });
  });

  it('kafka-partitions: the crash causes a rebalance after session.timeout.ms and duplicates of uncommitted records', () => {
    const r = runScenario(kafkaPartitions);
    const rebalances = ofKind(r.trace, 'group.rebalanced').filter((e) => e.data.group === 'billing');
    expect(rebalances.map((e) => e.tick)).toEqual([0, 52_000, 67_000]);
    const billed = { ...r.finalDb['Billing-1'].billed, ...r.finalDb['Billing-2'].billed } as Record<string, { times: number }>;
    expect(Object.keys(billed)).toHaveLength(40);
    const dupes = ofKind(r.trace, 'message.acked').filter((e) => e.data.entity === 'orders/billing').length - 40;
    expect(dupes).toBeGreaterThan(0);
  });
});
