// The choreographed order saga: no coordinator. Each service reacts to the previous service's
// event and publishes its own — Ordering → Inventory → Payments → Shipping → Ordering. A
// declined card (cust-2, cust-5) publishes PaymentFailed, which must drive the compensations in
// reverse: Inventory releases the stock (StockReleased), then Ordering cancels the order.
// Every handler uses the outbox and an inbox. In the starter the stock release is not written.

import { defineLessonScenario } from '../../../src/content/types';
import type { Json } from '../../../src/engine/scenario/json';

export const SAGA_STEPS = ['order-placed', 'stock-reserved', 'payment-captured', 'shipped'];

/**
 * The outside world the saga acts on: all honour Idempotency-Keys, as Stripe, most courier APIs
 * and transactional mail services do. The Mailer is how a customer hears that an order was
 * cancelled — told twice, the customer saw a compensation run twice.
 */
const EXTERNALS = [
  { name: 'PaymentGateway', description: 'Takes and gives back the money (capture, refund).', keyField: 'orderId', honoursIdempotencyKey: true },
  { name: 'Courier', description: 'Picks up and delivers parcels.', keyField: 'orderId', honoursIdempotencyKey: true },
  { name: 'Mailer', description: 'E-mails the customer.', keyField: 'orderId', honoursIdempotencyKey: true },
];

const q = (name: string) => ({ type: 'queue', name, maxDeliveryCount: 5, lockDurationTicks: 5_000 });
const event = (type: string, to: string, description: string) => ({ type, kind: 'event' as const, to, keyField: 'orderId', description });

const lesson = defineLessonScenario({
  id: 'lesson-choreographed-saga',
  title: 'Choreographed saga with compensation',
  summary: 'Services chain an order by events; a declined payment must undo the stock reservation and cancel the order.',
  broker: 'generic',
  entities: ['inventory-reserve', 'payments-charge', 'shipping-ship', 'ordering-complete', 'inventory-release', 'ordering-cancel'].map(q),
  messages: [
    event('OrderPlaced', 'inventory-reserve', 'An order was accepted.'),
    event('StockReserved', 'payments-charge', 'Stock is held for the order.'),
    event('PaymentCaptured', 'shipping-ship', 'The customer paid.'),
    event('OrderShipped', 'ordering-complete', 'The parcel left.'),
    event('PaymentFailed', 'inventory-release', 'The payment was declined.'),
    event('StockReleased', 'ordering-cancel', 'The held stock was given back.'),
  ],
  services: [
    {
      name: 'Ordering',
      handlers: [
        { name: 'PlaceOrder', code: { file: 'Ordering/PlaceOrder.ts' } },
        { name: 'CompleteOrder', consumes: 'ordering-complete', code: { file: 'Ordering/CompleteOrder.ts' } },
        { name: 'CancelOrder', consumes: 'ordering-cancel', code: { file: 'Ordering/CancelOrder.ts' } },
      ],
    },
    {
      name: 'Inventory',
      handlers: [
        { name: 'ReserveStock', consumes: 'inventory-reserve', code: { file: 'Inventory/ReserveStock.ts' } },
        { name: 'ReleaseStock', consumes: 'inventory-release', code: { file: 'Inventory/ReleaseStock.ts' } },
      ],
      db: { stock: { 'sku-0': { onHand: 10, reserved: 0 }, 'sku-1': { onHand: 10, reserved: 0 }, 'sku-2': { onHand: 10, reserved: 0 } } },
    },
    {
      name: 'Payments',
      handlers: [{ name: 'ChargePayment', consumes: 'payments-charge', code: { file: 'Payments/ChargePayment.ts' } }],
      db: { cards: { 'cust-2': { declined: true }, 'cust-5': { declined: true } } },
    },
    { name: 'Shipping', handlers: [{ name: 'ShipOrder', consumes: 'shipping-ship', code: { file: 'Shipping/ShipOrder.ts' } }] },
  ],
  workload: [{ kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 5, intervalTicks: 300, body: { orderId: 'order-{n}', customer: 'cust-{n}', sku: 'sku-{n%3}', qty: 1, amount: 40 } }],
  externals: EXTERNALS,
  checks: [
    { name: 'no-duplicate-effect', options: { tables: [{ service: 'Inventory', table: 'reservations' }] } },
    { name: 'saga-consistency', options: { steps: SAGA_STEPS } },
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Ordering', table: 'orders', keys: { requested: 'orderId' }, expect: { every: { status: { in: ['completed', 'cancelled'] } } }, describe: 'every order placed ends completed or cancelled' },
          { service: 'Ordering', table: 'orders', where: { status: 'cancelled' }, expect: { count: 2 }, describe: 'the 2 orders with a declined card are cancelled' },
          { service: 'Inventory', table: 'stock', expect: { sum: { field: 'reserved', equals: 3 } }, describe: 'only the 3 paid orders hold stock' },
        ],
      },
    },
  ],
});

export default lesson;

/**
 * Another day: the cards of cust-4 and cust-5 are declined, and each of their orders wants a sku
 * a paid order already holds. Code that knows which customers fail, or a release that clears
 * the sku's whole counter instead of giving back its own order's units, is wrong here.
 */
export const otherDeclines = defineLessonScenario({
  ...lesson,
  id: 'lesson-choreographed-saga-other-declines',
  services: lesson.services.map((svc) => (svc.name === 'Payments' ? { ...svc, db: { cards: { 'cust-4': { declined: true }, 'cust-5': { declined: true } } } } : svc)),
  // Paid here: order-1 (sku-1), order-2 (sku-2), order-3 (sku-0) — one unit held per sku.
  checks: (lesson.checks ?? []).map((c) => (c.name !== 'db-predicate' ? c : {
    ...c,
    options: { rules: [...(c.options as { rules: Json[] }).rules.slice(0, 2), { service: 'Inventory', table: 'stock', expect: { count: 3, every: { reserved: 1 } }, describe: 'each sku holds exactly the 1 unit of its one paid order' }] },
  })),
});
