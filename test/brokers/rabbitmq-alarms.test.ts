// RabbitMQ memory and disk alarms (RabbitMQ docs "Memory and Disk Alarms": the node blocks
// connections that publish by suspending reading from them, connections only used to consume
// are not blocked; "Blocked Connection Notifications": connection.blocked / connection.unblocked).
// The broker-alarm fault raises the alarm for a while; brokers/rabbitmq/alarms.ts holds what a
// blocked connection sends until it clears.

import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, validateScenario, validateFaults, type FaultSpec, type Scenario } from '../../src/engine/index';
import { ofKind } from './helpers';

const ALARM_AT = 1_000;
const ALARM_TICKS = 5_000;
const alarm = (extra: Partial<FaultSpec> = {}): FaultSpec => ({ type: 'broker-alarm', atTick: ALARM_AT, durationTicks: ALARM_TICKS, ...extra });

const checkout = `import { defineHandler } from 'brokerlab';
export default defineHandler('Checkout', async (req, ctx) => { ctx.send('PlaceOrder', { orderId: req.body.orderId }); });`;
const billing = `import { defineHandler } from 'brokerlab';
export default defineHandler('Bill', async (msg, ctx) => { await ctx.work(300); ctx.publish('OrderBilled', { orderId: msg.body.orderId }); });`;
const mailer = `import { defineHandler } from 'brokerlab';
export default defineHandler('Mail', async (msg, ctx) => { await ctx.work(400); });`;

/** Checkout sends an order every 100 ms; Billing takes 300 ms each; Billing bills it and publishes OrderBilled; Mailer only consumes. */
function shop(options: { separate?: boolean; prefetch?: number } = {}): Scenario {
  return defineScenario({
    id: 'alarm-shop', title: 'alarm shop', broker: 'rabbitmq',
    entities: [
      { type: 'queue', name: 'orders' },
      { type: 'exchange', name: 'billing', exchangeType: 'fanout' },
      { type: 'queue', name: 'mail', bindings: [{ exchange: 'billing' }] },
    ],
    messages: [
      { type: 'PlaceOrder', kind: 'command', to: 'orders' },
      { type: 'OrderBilled', kind: 'event', to: 'billing' },
    ],
    services: [
      { name: 'Checkout', handlers: [{ name: 'Checkout', code: { source: checkout } }] },
      { name: 'Billing', ...(options.separate ? { rabbitmq: { publisherConnection: 'separate' as const } } : {}), handlers: [{ name: 'Bill', consumes: 'orders', options: { prefetch: options.prefetch ?? 3 }, code: { source: billing } }] },
      { name: 'Mailer', handlers: [{ name: 'Mail', consumes: 'mail', code: { source: mailer } }] },
    ],
    workload: [{ kind: 'steady', service: 'Checkout', handler: 'Checkout', count: 30, intervalTicks: 100, body: { orderId: 'order-{n}' } }],
    limits: { ticksMax: 600_000 },
  });
}

const during = (tick: number) => tick >= ALARM_AT && tick < ALARM_AT + ALARM_TICKS;

describe('a memory alarm blocks connections that publish', () => {
  const r = runScenario(shop(), { seed: 1, faults: [alarm()] });

  it('records the alarm, each publishing connection blocked at its first publish, and unblocked when it clears', () => {
    expect(ofKind(r.trace, 'broker.alarm-raised').map((e) => [e.tick, e.data.resource, e.data.untilTick])).toEqual([[ALARM_AT, 'memory', ALARM_AT + ALARM_TICKS]]);
    expect(ofKind(r.trace, 'broker.alarm-cleared').map((e) => e.tick)).toEqual([ALARM_AT + ALARM_TICKS]);
    const blocked = ofKind(r.trace, 'connection.blocked');
    expect(blocked.map((e) => e.data.connection).sort()).toEqual(['Billing', 'Checkout']);
    for (const e of blocked) expect(during(e.tick)).toBe(true);
    const unblocked = ofKind(r.trace, 'connection.unblocked');
    expect(unblocked.map((e) => e.tick)).toEqual([ALARM_AT + ALARM_TICKS, ALARM_AT + ALARM_TICKS]);
    expect(unblocked.find((e) => e.data.connection === 'Checkout')!.data.held).toBe(20); // the sends from tick 1,000 on
  });

  it('no publish reaches a queue while the alarm is on; the held ones arrive in order once it clears, and none is lost', () => {
    const enqueued = ofKind(r.trace, 'message.enqueued').filter((e) => e.data.entity === 'orders');
    expect(enqueued.filter((e) => during(e.tick))).toEqual([]);
    const sent = ofKind(r.trace, 'message.published').filter((e) => e.data.destination === 'orders').map((e) => e.messageId);
    expect(enqueued.map((e) => e.messageId)).toEqual(sent);
    expect(enqueued).toHaveLength(30);
    expect(ofKind(r.trace, 'message.acked').filter((e) => e.data.entity === 'orders')).toHaveLength(30);
    expect(r.checks.find((c) => c.name === 'no-loss')?.valid).toBe(true);
  });

  it('a consumer sharing the blocked connection cannot ack: its deliveries stop at the prefetch until the alarm clears', () => {
    const blockedAt = ofKind(r.trace, 'connection.blocked').find((e) => e.data.connection === 'Billing')!.tick;
    const acks = ofKind(r.trace, 'message.acked').filter((e) => e.data.entity === 'orders');
    expect(acks.filter((e) => e.tick > blockedAt && during(e.tick))).toEqual([]);
    const deliveredWhileBlocked = ofKind(r.trace, 'message.delivered').filter((e) => e.data.entity === 'orders' && e.tick > blockedAt && during(e.tick));
    expect(deliveredWhileBlocked.length).toBeLessThanOrEqual(3);
  });

  it('a connection that only consumes goes on acking during the alarm', () => {
    const mailAcks = ofKind(r.trace, 'message.acked').filter((e) => e.data.entity === 'mail');
    expect(mailAcks.some((e) => during(e.tick))).toBe(true);
    expect(ofKind(r.trace, 'connection.blocked').some((e) => e.data.connection === 'Mailer')).toBe(false);
  });
});

describe('a separate publisher connection (RabbitTemplate.setUsePublisherConnection)', () => {
  it('keeps the consumer acking while its publishes wait', () => {
    const r = runScenario(shop({ separate: true }), { seed: 1, faults: [alarm()] });
    expect(ofKind(r.trace, 'connection.blocked').map((e) => e.data.connection).sort()).toEqual(['Billing (publisher)', 'Checkout']);
    const blockedAt = ofKind(r.trace, 'connection.blocked').find((e) => e.data.connection === 'Billing (publisher)')!.tick;
    // Billing works through what reached the queue before the alarm, acking as it goes.
    const acks = ofKind(r.trace, 'message.acked').filter((e) => e.data.entity === 'orders' && e.tick > blockedAt && during(e.tick));
    expect(acks.length).toBeGreaterThan(0);
  });
});

describe('a crash while blocked', () => {
  it('loses what the blocked connection still held: the code had moved on as if it was sent', () => {
    const r = runScenario(shop(), { seed: 1, faults: [alarm(), { type: 'crash', service: 'Checkout', atTick: ALARM_AT + 2_000, restartAfterTicks: 100 }] });
    const lost = ofKind(r.trace, 'message.dropped').filter((e) => e.data.reason === 'lost with a blocked connection');
    expect(lost.length).toBeGreaterThan(3);
    expect(lost.every((e) => e.tick === ALARM_AT + 2_000 && e.actor === 'Checkout')).toBe(true);
    expect(lost[0].text).toContain("never left the client's buffer");
    expect(ofKind(r.trace, 'message.enqueued').some((e) => lost.some((l) => l.messageId === e.messageId))).toBe(false);
    expect(r.checks.find((c) => c.name === 'no-loss')?.valid).toBe(false);
  });
});

describe('validation', () => {
  it('refuses the fault where there is no RabbitMQ, and bad options', () => {
    const s = shop();
    expect(validateScenario(s)).toEqual([]);
    expect(validateFaults([alarm()], 'faultPlan', s)).toEqual([]);
    expect(validateFaults([alarm({ resource: 'cpu' as never, durationTicks: 0 })], 'faultPlan', s).map((i) => i.message)).toEqual([
      'must be one of memory, disk, got "cpu"',
      'must be an integer ≥ 1, got 0',
    ]);
    const generic = { ...s, broker: 'generic' as const, entities: [{ type: 'queue', name: 'orders' }, { type: 'topic', name: 'billing' }, { type: 'subscription', name: 'mail', topic: 'billing' }] } as Scenario;
    expect(validateFaults([alarm()], 'faultPlan', generic).map((i) => i.message).join()).toContain('no RabbitMQ here');
  });

  it('a disk alarm reads as one', () => {
    const r = runScenario(shop(), { seed: 1, faults: [alarm({ resource: 'disk' })] });
    expect(ofKind(r.trace, 'broker.alarm-raised')[0].text).toContain('free disk space fell below disk_free_limit');
    expect(ofKind(r.trace, 'connection.blocked')[0].data.resource).toBe('disk');
  });
});

describe('the publisher connection option', () => {
  it('takes "shared" or "separate" and says so otherwise', () => {
    const s = shop();
    const withOption = (rabbitmq: unknown) => ({ ...s, services: s.services.map((svc) => (svc.name === 'Billing' ? { ...svc, rabbitmq } : svc)) }) as Scenario;
    expect(validateScenario(withOption({ publisherConnection: 'shared' }))).toEqual([]);
    expect(validateScenario(withOption({ publisherConnection: 'own' }))).toEqual([{ path: 'services[1].rabbitmq.publisherConnection', message: 'must be "shared" or "separate", got "own"' }]);
    expect(validateScenario(withOption('separate')).map((i) => i.path)).toEqual(['services[1].rabbitmq']);
  });
});

describe('the folded state', () => {
  it('counts a service\'s blocked connections while the alarm is on, none once it clears or the service crashes', async () => {
    const { Simulation } = await import('../../src/engine/index');
    const sim = new Simulation(shop({ separate: true }), { seed: 1, faults: [alarm()] });
    sim.runToEnd();
    const trace = sim.world.trace.toArray();
    const at = (tick: number) => sim.seek(trace.filter((e) => e.tick <= tick).length).services;
    expect(at(ALARM_AT + 2_000)['Billing']!.blocked).toBe(1);
    expect(at(ALARM_AT + 2_000)['Checkout']!.blocked).toBe(1);
    expect(at(ALARM_AT + 2_000)['Mailer']?.blocked ?? 0).toBe(0);
    expect(at(ALARM_AT + ALARM_TICKS)['Billing']!.blocked).toBe(0);
  });
});
