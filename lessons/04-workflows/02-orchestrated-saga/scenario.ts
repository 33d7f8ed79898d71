// The orchestrated order saga: the same flow as the choreographed lesson, run by an OrderSaga
// orchestrator that keeps each order's state in its own database and sends commands —
// ReserveStock, ChargePayment, ShipOrder, CompleteOrder — reacting to the replies. It owns the
// compensations, in reverse order, and the timeout. In the starter, a declined payment cancels
// the order but forgets the stock it had reserved.

import { defineLessonScenario } from '../../../src/content/types';
import type { Json } from '../../../src/engine/scenario/json';
import { sagaChoreographed } from '../../../src/scenarios/saga-choreographed';

export const SAGA_STEPS = ['order-placed', 'stock-reserved', 'payment-captured', 'shipped'];

/**
 * The outside world the saga acts on: all honour Idempotency-Keys, as Stripe, most courier APIs
 * and transactional mail services do. The Mailer tells the customer how the order ended —
 * twice, if the orchestrator sent the same command twice.
 */
const EXTERNALS = [
  { name: 'PaymentGateway', description: 'Takes and gives back the money (capture, refund).', keyField: 'orderId', honoursIdempotencyKey: true },
  { name: 'Courier', description: 'Picks up and delivers parcels.', keyField: 'orderId', honoursIdempotencyKey: true },
  { name: 'Mailer', description: 'E-mails the customer.', keyField: 'orderId', honoursIdempotencyKey: true },
];

const q = (name: string) => ({ type: 'queue', name, maxDeliveryCount: 5, lockDurationTicks: 5_000 });
const toSaga = (type: string, description: string) => ({ type, kind: 'event' as const, to: 'saga', keyField: 'orderId', description });
const command = (type: string, to: string, description: string) => ({ type, kind: 'command' as const, to, keyField: 'orderId', description });

const ORDERS = { kind: 'steady' as const, service: 'Ordering', handler: 'PlaceOrder', count: 5, intervalTicks: 300, body: { orderId: 'order-{n}', customer: 'cust-{n}', sku: 'sku-{n%3}', qty: 1, amount: 40 } };
const STOCK = { 'sku-0': { onHand: 10, reserved: 0 }, 'sku-1': { onHand: 10, reserved: 0 }, 'sku-2': { onHand: 10, reserved: 0 } };
const CARDS = { 'cust-2': { declined: true }, 'cust-5': { declined: true } };

const scenario = defineLessonScenario({
  id: 'lesson-orchestrated-saga',
  title: 'Orchestrated saga with compensation',
  summary: 'An orchestrator drives the order with commands and owns its compensations; a declined payment must release the stock before cancelling.',
  broker: 'generic',
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
        { name: 'PlaceOrder', code: { file: 'Ordering/PlaceOrder.ts' } },
        { name: 'OrderCommands', consumes: 'ordering', code: { file: 'Ordering/OrderCommands.ts' } },
      ],
    },
    { name: 'OrderSaga', handlers: [{ name: 'OrderSaga', consumes: 'saga', code: { file: 'OrderSaga/OrderSaga.ts' } }] },
    { name: 'Inventory', handlers: [{ name: 'InventoryCommands', consumes: 'inventory', code: { file: 'Inventory/InventoryCommands.ts' } }], db: { stock: STOCK } },
    { name: 'Payments', handlers: [{ name: 'ChargePayment', consumes: 'payments', code: { file: 'Payments/ChargePayment.ts' } }], db: { cards: CARDS } },
    { name: 'Shipping', handlers: [{ name: 'ShipOrder', consumes: 'shipping', code: { file: 'Shipping/ShipOrder.ts' } }] },
  ],
  workload: [ORDERS],
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

export default scenario;

/**
 * order-1's charge starts late (Payments takes several payments at once, so only that one is
 * held up): the saga's timeout fires while the payment may be in flight, so giving up must
 * include cancelling or refunding the payment, and a capture confirmed after that is ignored.
 * order-1 ends cancelled with the two declined cards, and holds no stock.
 */
const SLOW_PAYMENT_RULES: Json[] = [
  { service: 'Ordering', table: 'orders', keys: { requested: 'orderId' }, expect: { every: { status: { in: ['completed', 'cancelled'] } } }, describe: 'every order placed ends completed or cancelled' },
  { service: 'Ordering', table: 'orders', where: { status: 'cancelled' }, expect: { count: 3 }, describe: 'order-1 (its payment too late) and the 2 orders with a declined card are cancelled' },
  { service: 'Inventory', table: 'stock', expect: { sum: { field: 'reserved', equals: 2 } }, describe: 'only the 2 orders paid in time hold stock' },
  { service: 'Payments', table: 'payments', where: { status: 'captured' }, expect: { count: 2 }, describe: 'only the 2 orders that shipped keep a captured payment' },
];

export const slowPayment = defineLessonScenario({
  ...scenario,
  // The late ChargePayment keeps its lock: it is late on its way, not redelivered.
  entities: scenario.entities!.map((e) => (typeof e === 'object' && e.name === 'payments' ? { ...e, lockDurationTicks: 30_000 } : e)),
  services: scenario.services.map((s) => (s.name === 'Payments' ? { ...s, handlers: s.handlers.map((h) => ({ ...h, concurrency: 5 })) } : s)),
  checks: scenario.checks!.map((c) => (c.name === 'db-predicate' ? { name: c.name, options: { rules: SLOW_PAYMENT_RULES } } : c)),
});

/**
 * Another day: the cards of cust-4 and cust-5 are declined, and each of their orders wants a sku
 * a paid order already holds. An orchestrator that knows which customers fail, instead of
 * hearing it from Payments, cancels the wrong orders here; a release that clears a sku's whole
 * counter gives back a paid order's unit.
 */
export const otherDeclines = defineLessonScenario({
  ...scenario,
  id: 'lesson-orchestrated-saga-other-declines',
  services: scenario.services.map((s) => (s.name === 'Payments' ? { ...s, db: { cards: { 'cust-4': { declined: true }, 'cust-5': { declined: true } } } } : s)),
  // Paid here: order-1 (sku-1), order-2 (sku-2), order-3 (sku-0) — one unit held per sku.
  checks: scenario.checks!.map((c) => (c.name !== 'db-predicate' ? c : {
    ...c,
    options: { rules: [...(c.options as { rules: Json[] }).rules.slice(0, 2), { service: 'Inventory', table: 'stock', expect: { count: 3, every: { reserved: 1 } }, describe: 'each sku holds exactly the 1 unit of its one paid order' }] },
  })),
});

// For the side-by-side comparison: the same orders and cards, choreographed (built-in scenario,
// its own handler code), so both runs can be read next to each other.
export const choreographed = defineLessonScenario({
  ...sagaChoreographed,
  id: 'lesson-orchestrated-saga-vs-choreographed',
  workload: [ORDERS],
  services: sagaChoreographed.services.map((s) => (s.name === 'Payments' ? { ...s, db: { cards: CARDS } } : s)),
});
