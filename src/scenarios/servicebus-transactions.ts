// Sandbox: Azure Service Bus transactions (send-via) and message browsing. Shipping completes
// each order and sends its OrderShipped in ONE broker transaction, so the two happen together or
// not at all: Shipping crashes in the middle of one (a fault at tick 230), the transaction rolls
// back, the lock runs out and the order is delivered again — and OrderShipped still goes out once.
// The transaction does not cover the database: Shipping's attempt log gets a row per attempt.
// A support tool browses (peek) the queue and its dead-letter sub-queue without taking anything.
// Try: replace the transaction with a plain ctx.publish + automatic completion, and count the
// OrderShipped messages after the crash.

import { defineScenario } from '../engine/index';

const shop = `import { defineHandler } from 'brokerlab';

export default defineHandler('PlaceOrder', async (request, ctx) => {
  ctx.send('ShipOrder', request.body);
});
`;

const ship = `import { defineHandler } from 'brokerlab';

// Complete the order and send OrderShipped atomically (TransactionScope with send-via).
export default defineHandler('Ship', async (msg, ctx) => {
  if (!msg.body.address) return ctx.deadLetter('NoAddress', 'order ' + msg.body.orderId + ' has no address');
  // Not part of the broker transaction: this row is written on every attempt.
  ctx.db.put('attempts', msg.id + '#' + msg.broker.DeliveryCount, { at: ctx.now() });
  await ctx.brokerTransaction(async (tx) => {
    tx.publish('OrderShipped', { orderId: msg.body.orderId });
    await ctx.work(80); // label printing, inside the transaction
    tx.complete();
  });
});
`;

const notify = `import { defineHandler } from 'brokerlab';

export default defineHandler('Notify', async (msg, ctx) => {
  const told = ctx.db.get('shipped', msg.body.orderId);
  await ctx.db.put('shipped', msg.body.orderId, { notifications: (told?.notifications ?? 0) + 1 });
});
`;

const browse = `import { defineHandler } from 'brokerlab';

// A support tool: look at what waits and what was dead-lettered, taking nothing.
export default defineHandler('Browse', async (request, ctx) => {
  const waiting = ctx.peek('ship-orders', 50);
  const dead = ctx.peek('ship-orders/$deadletterqueue', 50);
  await ctx.db.put('snapshots', 'at-' + ctx.now(), {
    waiting: waiting.map((m) => m.body.orderId + ' (' + m.broker.State + ', delivery ' + m.broker.DeliveryCount + ')'),
    dead: dead.map((m) => m.body.orderId + ': ' + m.broker.DeadLetterReason),
  });
});
`;

export const serviceBusTransactions = defineScenario({
  id: 'servicebus-transactions',
  title: 'Service Bus: transactions and peek',
  summary: 'Complete + send in one transaction survive a crash mid-way (sent once, no loss); the database is not in it; a support tool peeks the queue and its dead-letter queue.',
  broker: 'servicebus',
  entities: [
    { type: 'queue', name: 'ship-orders', lockDurationTicks: 10_000, maxDeliveryCount: 5 },
    { type: 'queue', name: 'shipped' },
  ],
  messages: [
    { type: 'ShipOrder', kind: 'command', to: 'ship-orders', description: 'Ship one order.' },
    { type: 'OrderShipped', kind: 'event', to: 'shipped', description: 'Sent in the same transaction that completes ShipOrder.' },
  ],
  services: [
    { name: 'Shop', handlers: [{ name: 'PlaceOrder', code: { source: shop, file: 'Shop/PlaceOrder.ts' } }] },
    { name: 'Shipping', handlers: [{ name: 'Ship', consumes: 'ship-orders', code: { source: ship, file: 'Shipping/Ship.ts' } }] },
    { name: 'Notifications', handlers: [{ name: 'Notify', consumes: 'shipped', code: { source: notify, file: 'Notifications/Notify.ts' } }] },
    { name: 'Support', handlers: [{ name: 'Browse', code: { source: browse, file: 'Support/Browse.ts' } }] },
  ],
  workload: [
    { kind: 'steady', service: 'Shop', handler: 'PlaceOrder', count: 4, intervalTicks: 100, body: { orderId: 'order-{n}', address: 'Main St {n}' } },
    { kind: 'burst', service: 'Shop', handler: 'PlaceOrder', count: 1, startTick: 150, body: { orderId: 'order-no-address' } },
    { kind: 'burst', service: 'Support', handler: 'Browse', count: 1, startTick: 1_000, body: {} },
  ],
  faults: [{ type: 'crash', service: 'Shipping', atTick: 230, restartAfterTicks: 500 }],
  checks: [
    { name: 'no-loss' },
    // Success: each addressed order is shipped and announced exactly once; only the order without an address is dead-lettered, with its reason.
    { name: 'dlq-accounted', options: { expected: [{ messageType: 'ShipOrder', reason: 'NoAddress' }], poison: [{ messageType: 'ShipOrder', where: { orderId: 'order-no-address' }, reason: 'NoAddress' }] } },
    { name: 'db-predicate', options: { rules: [{ service: 'Notifications', table: 'shipped', keys: ['order-1', 'order-2', 'order-3', 'order-4'], keyField: 'orderId', expect: { count: 4, every: { notifications: 1 } }, describe: 'each addressed order is announced shipped exactly once' }] } },
  ],
  seeds: [1, 2, 3],
});
