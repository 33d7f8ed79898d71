// Service Bus duplicate detection and the MessageId trap: Checkout turns a payment request into
// one CapturePayment per seller of a marketplace order and sends them to a queue created with
// RequiresDuplicateDetection. The broker drops a message whose MessageId it saw within
// DuplicateDetectionHistoryTimeWindow (10 min) — and compares nothing else (ref §1.5). The
// client times out and asks again for two orders: the retry is a new request, so the captures
// are new messages. Only a MessageId that names the capture itself makes them the same.

import { defineLessonScenario } from '../../../src/content/types';

const lines = [{ seller: 'books', amount: 20 }, { seller: 'games', amount: 35 }];
const pay = (order: string) => ({ orderId: order, lines });

export default defineLessonScenario({
  id: 'lesson-servicebus-duplicate-detection',
  title: 'Service Bus duplicate detection: choosing the MessageId',
  summary: 'Payments captures each seller of each order once, even when the client asks twice.',
  broker: 'servicebus',
  entities: [{ type: 'queue', name: 'captures', requiresDuplicateDetection: true, lockDurationTicks: 30_000 }],
  messages: [{ type: 'CapturePayment', kind: 'command', to: 'captures', description: "Capture one seller's share of an order (Payments owns it)." }],
  services: [
    { name: 'Checkout', handlers: [{ name: 'Pay', code: { file: 'Checkout/Pay.ts' } }] },
    { name: 'Payments', handlers: [{ name: 'Capture', consumes: 'captures', code: { file: 'Payments/Capture.ts' } }] },
  ],
  // What the card statements show: every capture the gateway received, one per seller's share.
  externals: [{ name: 'PaymentGateway', description: "Captures a seller's share of an order.", keyField: 'captureId' }],
  workload: [
    { kind: 'steady', service: 'Checkout', handler: 'Pay', count: 4, intervalTicks: 300, body: pay('order-{n}') },
    // The client timed out waiting for orders 2 and 4 and asked again: a new request, the same order.
    { kind: 'burst', service: 'Checkout', handler: 'Pay', count: 1, startTick: 1_000, body: pay('order-2') },
    { kind: 'burst', service: 'Checkout', handler: 'Pay', count: 1, startTick: 1_500, body: pay('order-4') },
  ],
  checks: [
    {
      name: 'db-predicate',
      options: { rules: [{ service: 'Payments', table: 'captures', expect: { count: 8, sum: { field: 'amount', equals: 220 } }, describe: "8 captures worth 220 — each seller's share of each order, once" }] },
    },
    { name: 'no-duplicate-effect', options: { externals: ['PaymentGateway'] } },
  ],
  limits: { ticksMax: 60_000 },
});
