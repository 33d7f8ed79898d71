// Sandbox: Azure Service Bus sessions and dead-lettering. Each order's events carry the order
// id as SessionId, so the session-enabled queue hands all events of one order, in order, to the
// one receiver holding that session's lock, while two packing services share the orders between
// them. One order has a malformed payment; its event fails on every delivery and, after
// MaxDeliveryCount 3, lands in the dead-letter queue with MaxDeliveryCountExceeded, where an
// operations service reads it. Meanwhile the rest of that session waits behind it: sessions are
// FIFO, so a poison message blocks its own session (and only its own).
//
// Success: every step is handled in its order's sequence, and the only dead letter is the bad
// payment, parked for a human by Operations; any other dead letter turns dlq-accounted red.

import { defineScenario } from '../engine/index';

const placeOrder = `import { defineHandler } from 'brokerlab';

// Entry point: a step of an order's life (placed, paid, packed) arrives from the shop.
export default defineHandler('RecordStep', async (request, ctx) => {
  ctx.publish('OrderStep', request.body);
});
`;

const pack = `import { defineHandler } from 'brokerlab';

// Applies the steps of one order in order. The session guarantees nobody else sees this order
// while we hold its lock, so the step log below is always in sequence.
export default defineHandler('ApplyStep', async (msg, ctx) => {
  const { orderId, step, amount } = msg.body;
  if (amount < 0) throw new Error('negative amount on ' + orderId);
  await ctx.work(50);
  await ctx.db.transaction(async (tx) => {
    const log = tx.get('steps', orderId) ?? [];
    tx.put('steps', orderId, [...log, step + ' (session ' + msg.broker.SessionId + ', delivery ' + msg.broker.DeliveryCount + ')']);
  });
});
`;

const park = `import { defineHandler } from 'brokerlab';

// Reads the dead-letter sub-queue and parks what it finds for a human, with the broker's reason.
export default defineHandler('Park', async (msg, ctx) => {
  await ctx.db.put('parked', msg.id, { reason: msg.broker.DeadLetterReason, body: msg.body });
});
`;

export const serviceBusSessions = defineScenario({
  id: 'servicebus-sessions',
  title: 'Service Bus: sessions and dead-lettering',
  summary: 'A session-enabled queue keeps each order in order on one receiver; a poison message is dead-lettered after MaxDeliveryCount 3 and read from orders/$deadletterqueue.',
  broker: 'servicebus',
  entities: [{ type: 'queue', name: 'orders', requiresSession: true, maxDeliveryCount: 3, lockDurationTicks: 30_000 }],
  messages: [{ type: 'OrderStep', kind: 'event', to: 'orders', keyField: 'orderId', description: 'One step of an order; the order id is the SessionId.' }],
  services: [
    { name: 'Shop', handlers: [{ name: 'RecordStep', code: { source: placeOrder, file: 'Shop/RecordStep.ts' } }] },
    { name: 'Packing-1', handlers: [{ name: 'ApplyStep', consumes: 'orders', code: { source: pack, file: 'Packing/ApplyStep.ts' }, options: { maxConcurrentSessions: 2 } }] },
    { name: 'Packing-2', handlers: [{ name: 'ApplyStep', consumes: 'orders', code: { source: pack, file: 'Packing/ApplyStep.ts' }, options: { maxConcurrentSessions: 2 } }] },
    { name: 'Operations', handlers: [{ name: 'Park', consumes: 'orders/$deadletterqueue', code: { source: park, file: 'Operations/Park.ts' } }] },
  ],
  workload: [
    { kind: 'steady', service: 'Shop', handler: 'RecordStep', count: 9, intervalTicks: 20, body: { orderId: 'order-{n%3}', step: 'step {n}', amount: 10 } },
    { kind: 'burst', service: 'Shop', handler: 'RecordStep', count: 1, startTick: 30, body: { orderId: 'order-1', step: 'bad payment', amount: -5 } },
  ],
  checks: [
    { name: 'no-loss' },
    { name: 'per-key-order' },
    { name: 'dlq-accounted', options: { expected: [{ messageType: 'OrderStep', where: { step: 'bad payment' } }] } },
    { name: 'db-predicate', options: { rules: [{ service: 'Operations', table: 'parked', expect: { count: 1, every: { reason: 'MaxDeliveryCountExceeded' } }, describe: 'exactly the bad payment is parked for a human, with its reason' }] } },
  ],
  seeds: [1, 2, 3],
});
