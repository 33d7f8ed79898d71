// The order saga, choreographed: no coordinator. Each service reacts to the previous service's
// event and publishes its own — Ordering → Inventory → Payments → Shipping → Ordering. When a
// payment is declined, the failure event drives the compensations in reverse: Inventory
// releases the stock, then Ordering cancels the order. The payment gateway and the courier are
// external systems called with Idempotency-Keys. Every handler uses the transactional
// outbox and an inbox, so crashes and redeliveries neither lose nor repeat a step. The flow is
// implicit — follow it by correlation id (one per order) in the diagram.

import { defineScenario } from '../engine/index';

const h = (name: string, body: string) => `import { defineHandler } from 'brokerlab';

export default defineHandler('${name}', async (msg, ctx) => {
${body}
});
`;

const placeOrder = h('PlaceOrder', `  // Entry point: store the order and the OrderPlaced event in one transaction (outbox).
  const order = { ...msg.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order);
    tx.saga.stepCompleted('OrderSaga', order.orderId, 'order-placed');
  });`);

const reserveStock = h('ReserveStock', `  const { orderId, sku, qty } = msg.body;
  if (ctx.inbox.seen()) return; // a redelivery: already reserved
  await ctx.work(20);
  await ctx.db.transaction(async (tx) => {
    const item = tx.get('stock', sku);
    tx.put('stock', sku, { ...item, reserved: item.reserved + qty });
    tx.put('reservations', orderId, { sku, qty, status: 'held' });
    tx.inbox.record();
    tx.outbox.publish('StockReserved', msg.body);
    tx.saga.stepCompleted('OrderSaga', orderId, 'stock-reserved');
  });`);

const chargePayment = h('ChargePayment', `  const { orderId, customer, amount } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.work(30);
  const card = ctx.db.get('cards', customer);
  const declined = Boolean(card && card.declined);
  // The gateway takes the money now, outside our transaction. The Idempotency-Key makes a
  // redelivery after a crash get the same receipt instead of a second charge.
  const capture = declined ? null : await ctx.call('PaymentGateway', 'capture', { orderId, amount }, { idempotencyKey: 'capture-' + orderId });
  await ctx.db.transaction(async (tx) => {
    tx.inbox.record();
    if (declined) {
      tx.put('payments', orderId, { amount, status: 'declined' });
      tx.outbox.publish('PaymentFailed', { ...msg.body, reason: 'card declined' });
      return;
    }
    tx.put('payments', orderId, { amount, status: 'captured', receipt: capture.receipt });
    tx.outbox.publish('PaymentCaptured', msg.body);
    tx.saga.stepCompleted('OrderSaga', orderId, 'payment-captured');
  });`);

const shipOrder = h('ShipOrder', `  const { orderId } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.work(20);
  const booking = await ctx.call('Courier', 'ship', { orderId }, { idempotencyKey: 'ship-' + orderId });
  await ctx.db.transaction(async (tx) => {
    tx.put('shipments', orderId, { status: 'shipped', receipt: booking.receipt });
    tx.inbox.record();
    tx.outbox.publish('OrderShipped', msg.body);
    tx.saga.stepCompleted('OrderSaga', orderId, 'shipped');
  });`);

const completeOrder = h('CompleteOrder', `  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    const order = tx.get('orders', msg.body.orderId);
    tx.put('orders', msg.body.orderId, { ...order, status: 'completed' });
    tx.inbox.record();
  });`);

const releaseStock = h('ReleaseStock', `  // Compensation 1 (reverse order): give the reserved stock back.
  const { orderId } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    const r = tx.get('reservations', orderId);
    if (r && r.status === 'held') {
      const item = tx.get('stock', r.sku);
      tx.put('stock', r.sku, { ...item, reserved: item.reserved - r.qty });
    }
    tx.put('reservations', orderId, { ...(r ?? {}), status: 'released' });
    tx.inbox.record();
    tx.outbox.publish('StockReleased', msg.body);
    tx.saga.compensated('OrderSaga', orderId, 'stock-reserved');
  });`);

const cancelOrder = h('CancelOrder', `  // Compensation 2: cancel the order.
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    const order = tx.get('orders', msg.body.orderId);
    tx.put('orders', msg.body.orderId, { ...order, status: 'cancelled', reason: msg.body.reason });
    tx.inbox.record();
    tx.saga.compensated('OrderSaga', msg.body.orderId, 'order-placed');
  });`);

const src = (service: string, name: string, source: string) => ({ source, file: `${service}/${name}.ts` });
const q = (name: string) => ({ type: 'queue', name, maxDeliveryCount: 5 });

export const SAGA_STEPS = ['order-placed', 'stock-reserved', 'payment-captured', 'shipped'];

/** The outside world the sagas act on: both honour Idempotency-Keys, as Stripe and most courier APIs do. */
export const EXTERNALS = [
  { name: 'PaymentGateway', description: 'Takes and gives back the money (capture, refund).', keyField: 'orderId', honoursIdempotencyKey: true },
  { name: 'Courier', description: 'Picks up and delivers parcels.', keyField: 'orderId', honoursIdempotencyKey: true },
];

export const sagaChoreographed = defineScenario({
  id: 'saga-choreographed',
  title: 'Order saga (choreographed)',
  summary: 'Ordering → Inventory → Payments → Shipping by events, no coordinator; a declined payment releases the stock and cancels the order.',
  broker: 'generic',
  brokerSwitch: { from: 'generic', brokers: ['generic', 'servicebus', 'rabbitmq', 'kafka'] },
  entities: ['inventory-reserve', 'payments-charge', 'shipping-ship', 'ordering-complete', 'inventory-release', 'ordering-cancel'].map(q),
  messages: [
    { type: 'OrderPlaced', kind: 'event', to: 'inventory-reserve', keyField: 'orderId', description: 'An order was accepted.' },
    { type: 'StockReserved', kind: 'event', to: 'payments-charge', keyField: 'orderId', description: 'Stock is held for the order.' },
    { type: 'PaymentCaptured', kind: 'event', to: 'shipping-ship', keyField: 'orderId', description: 'The customer paid.' },
    { type: 'OrderShipped', kind: 'event', to: 'ordering-complete', keyField: 'orderId', description: 'The parcel left.' },
    { type: 'PaymentFailed', kind: 'event', to: 'inventory-release', keyField: 'orderId', description: 'The payment was declined.' },
    { type: 'StockReleased', kind: 'event', to: 'ordering-cancel', keyField: 'orderId', description: 'The held stock was given back.' },
  ],
  services: [
    {
      name: 'Ordering',
      handlers: [
        { name: 'PlaceOrder', code: src('Ordering', 'PlaceOrder', placeOrder) },
        { name: 'CompleteOrder', consumes: 'ordering-complete', code: src('Ordering', 'CompleteOrder', completeOrder) },
        { name: 'CancelOrder', consumes: 'ordering-cancel', code: src('Ordering', 'CancelOrder', cancelOrder) },
      ],
    },
    {
      name: 'Inventory',
      handlers: [
        { name: 'ReserveStock', consumes: 'inventory-reserve', code: src('Inventory', 'ReserveStock', reserveStock) },
        { name: 'ReleaseStock', consumes: 'inventory-release', code: src('Inventory', 'ReleaseStock', releaseStock) },
      ],
      db: { stock: { 'sku-0': { onHand: 10, reserved: 0 }, 'sku-1': { onHand: 10, reserved: 0 }, 'sku-2': { onHand: 10, reserved: 0 } } },
    },
    {
      name: 'Payments',
      handlers: [{ name: 'ChargePayment', consumes: 'payments-charge', code: src('Payments', 'ChargePayment', chargePayment) }],
      db: { cards: { 'cust-2': { declined: true } } },
    },
    { name: 'Shipping', handlers: [{ name: 'ShipOrder', consumes: 'shipping-ship', code: src('Shipping', 'ShipOrder', shipOrder) }] },
  ],
  externals: EXTERNALS,
  workload: [{ kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 3, intervalTicks: 300, body: { orderId: 'order-{n}', customer: 'cust-{n}', sku: 'sku-{n%3}', qty: 1, amount: 40 } }],
  checks: [
    { name: 'no-loss' },
    { name: 'no-duplicate-effect', options: { tables: [{ service: 'Inventory', table: 'reservations' }] } },
    { name: 'saga-consistency', options: { steps: SAGA_STEPS } },
    { name: 'dlq-accounted' },
    { name: 'db-predicate', options: { rules: [{ service: 'Ordering', table: 'orders', keys: { requested: 'orderId' }, expect: { every: { status: { in: ['completed', 'cancelled'] } } }, describe: 'every order placed ends completed or cancelled' }] } },
  ],
  seeds: [1, 2, 3],
});
