// The default scenario: the classic order flow in miniature, on the generic broker. Ordering
// takes orders and publishes OrderPlaced; Inventory reserves stock and publishes StockReserved;
// Ordering marks the order reserved. The warehouse database times out now and then, so some
// deliveries fail and are redelivered; one malformed order fails every time and ends in the
// dead-letter queue after three deliveries. (When the database timed out one call in five, a
// valid order met three timeouts in a row now and then — seed 7 — and was dead-lettered, which
// the checks rightly call a failure; at one in ten that is rare enough for a demo.)
//
// Its checks say what a user would call success: every valid order ends reserved, once (one
// reservation, one unit each), and the only dead letter is the malformed order — rejected with
// a reason. Any other dead letter needs a human: a fault that breaks the business outcome (the
// warehouse database down for seconds) turns these checks red and names the orders.

import { defineScenario } from '../engine/index';

const placeOrder = `import { defineHandler } from 'brokerlab';

// Entry point: the shop's API calls this for every new order.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.put('orders', order.orderId, order);
  // Published straight after the commit: if we crashed in between, the event would be lost.
  ctx.publish('OrderPlaced', order);
});
`;

const reserveStock = `import { defineHandler } from 'brokerlab';

// Reserves stock for each placed order, then tells Ordering.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  if (!(qty > 0)) throw new Error('invalid quantity ' + qty + ' for ' + orderId);
  await ctx.work(40);
  // The warehouse database is flaky: one call in ten times out.
  if (ctx.random() < 0.1) throw new Error('warehouse database timed out');
  await ctx.db.transaction(async (tx) => {
    const item = tx.get('stock', sku) ?? { onHand: 0, reserved: 0 };
    tx.put('stock', sku, { ...item, reserved: item.reserved + qty });
    tx.put('reservations', orderId, { sku, qty });
  });
  ctx.publish('StockReserved', { orderId, sku, qty });
});
`;

const markReserved = `import { defineHandler } from 'brokerlab';

// Marks the order as reserved when Inventory confirms.
export default defineHandler('MarkReserved', async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    const order = tx.get('orders', msg.body.orderId);
    tx.put('orders', msg.body.orderId, { ...order, status: 'reserved' });
  });
});
`;

/** Orders the workload places that should end reserved (the malformed one is rejected). */
const VALID_ORDERS = 8;

export const orderFlow = defineScenario({
  id: 'order-flow',
  title: 'Order flow',
  summary:
    'Ordering publishes OrderPlaced, Inventory reserves stock and publishes StockReserved. Transient failures are redelivered; a malformed order is dead-lettered.',
  broker: 'generic',
  brokerSwitch: { from: 'generic', brokers: ['generic', 'servicebus', 'rabbitmq', 'kafka'] },
  entities: [
    { type: 'queue', name: 'orders', maxDeliveryCount: 3 },
    { type: 'queue', name: 'stock-events' },
  ],
  messages: [
    { type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId', description: 'An order was accepted.' },
    { type: 'StockReserved', kind: 'event', to: 'stock-events', keyField: 'orderId', description: 'Stock is held for an order.' },
  ],
  services: [
    {
      name: 'Ordering',
      handlers: [
        { name: 'PlaceOrder', code: { source: placeOrder, file: 'Ordering/PlaceOrder.ts' } },
        { name: 'MarkReserved', consumes: 'stock-events', code: { source: markReserved, file: 'Ordering/MarkReserved.ts' } },
      ],
    },
    {
      name: 'Inventory',
      handlers: [{ name: 'ReserveStock', consumes: 'orders', concurrency: 2, code: { source: reserveStock, file: 'Inventory/ReserveStock.ts' } }],
      db: { stock: { 'sku-0': { onHand: 50, reserved: 0 }, 'sku-1': { onHand: 50, reserved: 0 }, 'sku-2': { onHand: 50, reserved: 0 } } },
    },
  ],
  workload: [
    { kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: VALID_ORDERS, intervalTicks: 250, body: { orderId: 'order-{n}', sku: 'sku-{n%3}', qty: 1 } },
    { kind: 'burst', service: 'Ordering', handler: 'PlaceOrder', count: 1, startTick: 900, body: { orderId: 'order-bad', sku: 'sku-1', qty: -1 } },
  ],
  checks: [
    { name: 'no-loss' },
    { name: 'dlq-accounted', options: { expected: [{ messageType: 'OrderPlaced', where: { orderId: 'order-bad' } }] } },
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Ordering', table: 'orders', where: { status: 'reserved' }, expect: { count: VALID_ORDERS }, describe: `all ${VALID_ORDERS} valid orders end reserved` },
          { service: 'Inventory', table: 'stock', expect: { sum: { field: 'reserved', equals: VALID_ORDERS } }, describe: `exactly ${VALID_ORDERS} units reserved, one per valid order` },
        ],
      },
    },
  ],
  seeds: [6, 7, 42],
});
