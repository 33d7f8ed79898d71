// The sandbox scenarios of the second fidelity pass (issue 13) show the rule each one is about
// (that they run as expected on every seed is test/scenarios/builtin.test.ts).

import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { serviceBusForwarding } from '../../src/scenarios/servicebus-forwarding';
import { serviceBusTransactions } from '../../src/scenarios/servicebus-transactions';
import { ofKind } from './helpers';

describe('fidelity sandbox scenarios', () => {
  it('servicebus-forwarding: ForwardTo into the team queue, dead letters forwarded with DeadLetterSource', () => {
    const r = runScenario(serviceBusForwarding);
    expect(ofKind(r.trace, 'message.auto-forwarded').filter((e) => e.data.to === 'eu-orders')).toHaveLength(5);
    expect(Object.values(r.finalDb.Operations.errors)).toEqual([{ reason: 'MaxDeliveryCountExceeded', source: 'eu-orders' }]);
    expect(Object.keys(r.finalDb['EU-Fulfilment'].fulfilled).sort()).toEqual(['order-1', 'order-2', 'order-3', 'order-4']);
  });

  it('servicebus-transactions: the crash mid-transaction sends nothing; every order is shipped exactly once; the attempt log is not', () => {
    const r = runScenario(serviceBusTransactions);
    expect(ofKind(r.trace, 'service.crashed')).toHaveLength(1);
    expect(r.finalDb.Notifications.shipped).toEqual({ 'order-1': { notifications: 1 }, 'order-2': { notifications: 1 }, 'order-3': { notifications: 1 }, 'order-4': { notifications: 1 } });
    expect(Object.keys(r.finalDb.Shipping.attempts).length).toBeGreaterThan(4);
    const snapshot = Object.values(r.finalDb.Support.snapshots)[0] as { waiting: string[]; dead: string[] };
    expect(snapshot.dead).toEqual(['order-no-address: NoAddress']);
    expect(snapshot.waiting.length).toBeGreaterThan(0);
  });
});

import { rabbitMqPrioritiesTimeout } from '../../src/scenarios/rabbitmq-priorities-timeout';

describe('rabbitmq-priorities-timeout', () => {
  it('urgent jobs overtake waiting routine ones; the report runs twice after consumer_timeout; the job rejected to the missing DLX is lost (no-loss fails on it)', () => {
    const r = runScenario(rabbitMqPrioritiesTimeout);
    expect(r.endReason).toBe('quiescent');
    const ids = ofKind(r.trace, 'message.delivered').map((e) => (r.trace.find((p) => p.kind === 'message.published' && p.messageId === e.messageId)!.data as unknown as { body: { id: string } }).body.id);
    expect(ids.indexOf('urgent-1')).toBeLessThan(ids.indexOf('routine-2'));
    expect(ids.indexOf('urgent-2')).toBeLessThan(ids.indexOf('routine-2'));
    expect(ofKind(r.trace, 'channel.closed')).toHaveLength(1);
    expect((r.finalDb.Worker.runs as Record<string, { times: number }>)['monthly-report']).toEqual({ times: 2 });
    expect(ofKind(r.trace, 'broker.warned')).toHaveLength(1);
    // Lost: the job rejected to the missing DLX; db-predicate: the report ran twice (every job should run once).
    expect(r.checks.flatMap((c) => c.errors.map((e) => e.anomaly))).toEqual(['lost', 'db-predicate']);
  });
});
