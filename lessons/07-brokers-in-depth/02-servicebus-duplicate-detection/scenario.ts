// Service Bus duplicate detection and the MessageId trap: Checkout turns a payment request into
// one CapturePayment per seller of a marketplace order and sends them to a queue created with
// RequiresDuplicateDetection. The broker drops a message whose MessageId it saw within
// DuplicateDetectionHistoryTimeWindow (here the .NET CreateQueueOptions default, 1 min) — and
// compares nothing else (ref §1.5). The client times out and asks again for two orders: the
// retry is a new request, so the captures are new messages. Only a MessageId that names the
// capture itself (order + seller) makes them the same. The workload is shaped so that nearby
// keys fail: order-4's two sellers charge the same amount (order + amount collides), and order-3
// is paid again with a third seller added, its lines in another order (the order id, or the
// line's position, names the wrong thing).

import { defineLessonScenario } from '../../../src/content/types';

const lines = [{ seller: 'books', amount: 20 }, { seller: 'games', amount: 35 }];
const pay = (order: string, orderLines = lines) => ({ orderId: order, lines: orderLines });
// Two sellers, one price: a MessageId made of order + amount names both captures alike.
const samePrice = [{ seller: 'books', amount: 25 }, { seller: 'toys', amount: 25 }];
// Order 3 amended before dispatch: a third seller's item added, the whole order paid again.
const amended = [{ seller: 'music', amount: 15 }, { seller: 'games', amount: 35 }, { seller: 'books', amount: 20 }];

export default defineLessonScenario({
  id: 'lesson-servicebus-duplicate-detection',
  title: 'Service Bus duplicate detection: choosing the MessageId',
  summary: 'Payments captures each seller of each order once, even when the client asks twice.',
  broker: 'servicebus',
  entities: [{ type: 'queue', name: 'captures', requiresDuplicateDetection: true, duplicateDetectionHistoryTimeWindowTicks: 60_000, lockDurationTicks: 30_000 }],
  messages: [{ type: 'CapturePayment', kind: 'command', to: 'captures', description: "Capture one seller's share of an order (Payments owns it)." }],
  services: [
    { name: 'Checkout', handlers: [{ name: 'Pay', code: { file: 'Checkout/Pay.ts' } }] },
    { name: 'Payments', handlers: [{ name: 'Capture', consumes: 'captures', code: { file: 'Payments/Capture.ts' } }] },
  ],
  // What the card statements show: every capture the gateway received, one per seller's share.
  externals: [{ name: 'PaymentGateway', description: "Captures a seller's share of an order.", keyField: 'captureId' }],
  workload: [
    { kind: 'steady', service: 'Checkout', handler: 'Pay', count: 3, intervalTicks: 300, body: pay('order-{n}') },
    { kind: 'burst', service: 'Checkout', handler: 'Pay', count: 1, startTick: 900, body: pay('order-4', samePrice) },
    // The client timed out waiting for orders 2 and 4 and asked again: a new request, the same order.
    { kind: 'burst', service: 'Checkout', handler: 'Pay', count: 1, startTick: 1_000, body: pay('order-2') },
    { kind: 'burst', service: 'Checkout', handler: 'Pay', count: 1, startTick: 1_500, body: pay('order-4', samePrice) },
    // The customer added a music item to order 3 before dispatch: the shop pays the whole order again.
    { kind: 'burst', service: 'Checkout', handler: 'Pay', count: 1, startTick: 1_800, body: pay('order-3', amended) },
  ],
  checks: [
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Payments', table: 'captures', where: { captureId: 'order-4/toys' }, expect: { count: 1 }, describe: "order-4's toys share (the same price as its books share) captured once" },
          { service: 'Payments', table: 'captures', where: { captureId: 'order-3/music' }, expect: { count: 1 }, describe: 'the music share added to order-3 captured once' },
          { service: 'Payments', table: 'captures', expect: { count: 9, sum: { field: 'amount', equals: 230 } }, describe: "9 captures worth 230 — each seller's share of each order, once" },
        ],
      },
    },
    { name: 'no-duplicate-effect', options: { externals: ['PaymentGateway'] } },
  ],
  limits: { ticksMax: 60_000 },
});
