// The order saga, orchestrated: an OrderSaga orchestrator keeps each order's saga state in its
// own database (correlated by order id) and sends commands — ReserveStock, ChargePayment,
// ShipOrder, CompleteOrder — reacting to the replies. It owns the flow, so it also owns the
// timeout (a delayed SagaTimeout to itself) and the compensations, run in reverse: payment
// failed → ReleaseStock → CancelOrder; a timeout while charging → RefundPayment (refund, or
// cancel before capture) → ReleaseStock → CancelOrder. Every step goes through the outbox and
// an inbox. (The crash-point explorer and the saga property test found the late-reply cases:
// a charge landing after the timeout, and compensations running out of reverse order.)

import { defineScenario } from '../engine/index';
import { EXTERNALS, SAGA_STEPS } from './saga-choreographed';

const orchestrator = `import { defineHandler } from 'brokerlab';

// The saga's state machine: state per order id in the 'sagas' table.
export default defineHandler('OrderSaga', async (msg, ctx) => {
  const id = msg.body.orderId;
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    tx.inbox.record();
    const saga = tx.get('sagas', id) ?? { state: 'new' };
    const go = (state) => { saga.state = state; tx.put('sagas', id, saga); };
    // Undo in reverse: the payment first (it may be in flight), then the stock, then the order.
    const compensate = (why, paymentMayExist) => {
      saga.reason = why;
      if (paymentMayExist) {
        go('cancelling-payment');
        tx.outbox.send('RefundPayment', { orderId: id });
      } else {
        go('compensating');
        tx.outbox.send('ReleaseStock', { orderId: id });
      }
    };
    switch (msg.type) {
      case 'OrderPlaced':
        if (saga.state !== 'new') return;
        saga.order = msg.body;
        go('reserving');
        tx.outbox.send('ReserveStock', msg.body);
        tx.outbox.send('SagaTimeout', { orderId: id }, { delayTicks: 10000 });
        return;
      case 'StockReserved':
        if (saga.state !== 'reserving') return;
        go('charging');
        tx.outbox.send('ChargePayment', saga.order);
        return;
      case 'PaymentCaptured':
        // In 'cancelling-payment' a late capture is ignored: the RefundPayment we sent undoes it.
        if (saga.state !== 'charging') return;
        go('shipping');
        tx.outbox.send('ShipOrder', saga.order);
        return;
      case 'PaymentRefunded':
        if (saga.state !== 'cancelling-payment') return;
        go('compensating');
        tx.outbox.send('ReleaseStock', { orderId: id });
        return;
      case 'OrderShipped':
        if (saga.state !== 'shipping') return;
        go('completed');
        tx.outbox.send('CompleteOrder', { orderId: id });
        return;
      case 'PaymentFailed':
        if (saga.state === 'charging') compensate(msg.body.reason, false);
        return;
      case 'StockReleased':
        if (saga.state !== 'compensating') return;
        go('cancelling');
        tx.saga.compensated('OrderSaga', id, 'stock-reserved');
        tx.outbox.send('CancelOrder', { orderId: id, reason: saga.reason });
        return;
      case 'OrderCancelled':
        if (saga.state !== 'cancelling') return;
        go('compensated');
        tx.saga.compensated('OrderSaga', id, 'order-placed');
        return;
      case 'SagaTimeout':
        // Too slow to reserve or charge: give up and compensate. Later replies are ignored.
        if (saga.state === 'reserving' || saga.state === 'charging') compensate('timed out in ' + saga.state, saga.state === 'charging');
        return;
    }
  });
});
`;

const h = (name: string, body: string) => `import { defineHandler } from 'brokerlab';

export default defineHandler('${name}', async (msg, ctx) => {
${body}
});
`;

const placeOrder = h('PlaceOrder', `  const order = { ...msg.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order);
    tx.saga.stepCompleted('OrderSaga', order.orderId, 'order-placed');
  });`);

const orderCommands = h('OrderCommands', `  // CompleteOrder / CancelOrder from the orchestrator.
  const { orderId } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    const order = tx.get('orders', orderId);
    tx.inbox.record();
    if (msg.type === 'CompleteOrder') {
      tx.put('orders', orderId, { ...order, status: 'completed' });
    } else {
      tx.put('orders', orderId, { ...order, status: 'cancelled', reason: msg.body.reason });
      tx.outbox.publish('OrderCancelled', { orderId });
    }
  });`);

const inventory = h('InventoryCommands', `  // ReserveStock / ReleaseStock from the orchestrator.
  const { orderId } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.work(20);
  await ctx.db.transaction(async (tx) => {
    tx.inbox.record();
    const r = tx.get('reservations', orderId);
    if (msg.type === 'ReserveStock') {
      if (r) return; // released already (a timeout overtook us) or held: nothing to do
      const item = tx.get('stock', msg.body.sku);
      tx.put('stock', msg.body.sku, { ...item, reserved: item.reserved + msg.body.qty });
      tx.put('reservations', orderId, { sku: msg.body.sku, qty: msg.body.qty, status: 'held' });
      tx.outbox.publish('StockReserved', { orderId });
      tx.saga.stepCompleted('OrderSaga', orderId, 'stock-reserved');
    } else {
      if (r && r.status === 'held') {
        const item = tx.get('stock', r.sku);
        tx.put('stock', r.sku, { ...item, reserved: item.reserved - r.qty });
      }
      tx.put('reservations', orderId, { ...(r ?? {}), status: 'released' });
      tx.outbox.publish('StockReleased', { orderId });
    }
  });`);

const chargePayment = h('ChargePayment', `  const { orderId, customer, amount } = msg.body;
  if (ctx.inbox.seen()) return;
  if (msg.type === 'RefundPayment') {
    // Compensation: refund a captured payment, or make sure a late ChargePayment never captures.
    const captured = ctx.db.get('payments', orderId);
    if (captured && captured.status === 'captured') {
      await ctx.call('PaymentGateway', 'refund', { orderId, amount: captured.amount }, { idempotencyKey: 'refund-' + orderId });
    }
    await ctx.db.transaction(async (tx) => {
      const p = tx.get('payments', orderId);
      tx.inbox.record();
      if (p && p.status === 'captured') {
        tx.put('payments', orderId, { ...p, status: 'refunded' });
        tx.saga.compensated('OrderSaga', orderId, 'payment-captured');
      } else if (!p) {
        tx.put('payments', orderId, { status: 'cancelled' });
      }
      tx.outbox.publish('PaymentRefunded', { orderId });
    });
    return;
  }
  await ctx.work(30);
  const card = ctx.db.get('cards', customer);
  const declined = Boolean(card && card.declined);
  // The gateway takes the money now, outside our transaction; the Idempotency-Key makes a
  // redelivery after a crash get the same receipt instead of a second charge.
  const capture = declined || ctx.db.get('payments', orderId) ? null : await ctx.call('PaymentGateway', 'capture', { orderId, amount }, { idempotencyKey: 'capture-' + orderId });
  const overtaken = await ctx.db.transaction(async (tx) => {
    tx.inbox.record();
    if (tx.get('payments', orderId)) return capture !== null; // cancelled by the saga before we got here
    if (declined) {
      tx.put('payments', orderId, { amount, status: 'declined' });
      tx.outbox.publish('PaymentFailed', { orderId, reason: 'card declined' });
      return false;
    }
    tx.put('payments', orderId, { amount, status: 'captured', receipt: capture.receipt });
    tx.outbox.publish('PaymentCaptured', { orderId });
    tx.saga.stepCompleted('OrderSaga', orderId, 'payment-captured');
    return false;
  });
  // The saga cancelled the payment while the gateway was capturing it: give the money back.
  if (overtaken) await ctx.call('PaymentGateway', 'refund', { orderId, amount }, { idempotencyKey: 'refund-' + orderId });`);

const shipOrder = h('ShipOrder', `  const { orderId } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.work(20);
  const booking = await ctx.call('Courier', 'ship', { orderId }, { idempotencyKey: 'ship-' + orderId });
  await ctx.db.transaction(async (tx) => {
    tx.put('shipments', orderId, { status: 'shipped', receipt: booking.receipt });
    tx.inbox.record();
    tx.outbox.publish('OrderShipped', { orderId });
    tx.saga.stepCompleted('OrderSaga', orderId, 'shipped');
  });`);

const src = (service: string, name: string, source: string) => ({ source, file: `${service}/${name}.ts` });
const q = (name: string) => ({ type: 'queue', name, maxDeliveryCount: 5 });
const toSaga = (type: string, description: string) => ({ type, kind: 'event' as const, to: 'saga', keyField: 'orderId', description });
const command = (type: string, to: string, description: string) => ({ type, kind: 'command' as const, to, keyField: 'orderId', description });

export const sagaOrchestrated = defineScenario({
  id: 'saga-orchestrated',
  title: 'Order saga (orchestrated)',
  summary: 'An OrderSaga orchestrator keeps state per order and sends commands; a declined payment or a timeout runs the compensations in reverse.',
  broker: 'generic',
  brokerSwitch: { from: 'generic', brokers: ['generic', 'servicebus', 'rabbitmq', 'kafka'] },
  entities: ['saga', 'inventory', 'payments', 'shipping', 'ordering'].map(q),
  messages: [
    toSaga('OrderPlaced', 'An order was accepted.'),
    toSaga('StockReserved', 'Inventory holds the stock.'),
    toSaga('StockReleased', 'Inventory gave the stock back.'),
    toSaga('PaymentCaptured', 'The customer paid.'),
    toSaga('PaymentFailed', 'The payment was declined.'),
    toSaga('OrderShipped', 'The parcel left.'),
    toSaga('OrderCancelled', 'Ordering cancelled the order.'),
    toSaga('PaymentRefunded', 'Payments refunded or cancelled the payment.'),
    command('SagaTimeout', 'saga', 'The orchestrator reminds itself to give up.'),
    command('ReserveStock', 'inventory', 'Hold stock for an order.'),
    command('ReleaseStock', 'inventory', 'Compensation: give the stock back.'),
    command('ChargePayment', 'payments', 'Charge the customer.'),
    command('RefundPayment', 'payments', 'Compensation: refund the payment, or cancel it before it is captured.'),
    command('ShipOrder', 'shipping', 'Ship the parcel.'),
    command('CompleteOrder', 'ordering', 'Mark the order completed.'),
    command('CancelOrder', 'ordering', 'Compensation: cancel the order.'),
  ],
  services: [
    {
      name: 'Ordering',
      handlers: [
        { name: 'PlaceOrder', code: src('Ordering', 'PlaceOrder', placeOrder) },
        { name: 'OrderCommands', consumes: 'ordering', code: src('Ordering', 'OrderCommands', orderCommands) },
      ],
    },
    { name: 'OrderSaga', handlers: [{ name: 'OrderSaga', consumes: 'saga', code: src('OrderSaga', 'OrderSaga', orchestrator) }] },
    {
      name: 'Inventory',
      handlers: [{ name: 'InventoryCommands', consumes: 'inventory', code: src('Inventory', 'InventoryCommands', inventory) }],
      db: { stock: { 'sku-0': { onHand: 10, reserved: 0 }, 'sku-1': { onHand: 10, reserved: 0 }, 'sku-2': { onHand: 10, reserved: 0 } } },
    },
    {
      name: 'Payments',
      handlers: [{ name: 'ChargePayment', consumes: 'payments', code: src('Payments', 'ChargePayment', chargePayment) }],
      db: { cards: { 'cust-2': { declined: true } } },
    },
    { name: 'Shipping', handlers: [{ name: 'ShipOrder', consumes: 'shipping', code: src('Shipping', 'ShipOrder', shipOrder) }] },
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
