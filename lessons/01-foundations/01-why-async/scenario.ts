// Why async: the shop's API places an order by calling Payments synchronously and waiting.
// Payments can charge two cards at a time. A traffic spike of 40 orders arrives at once: the
// calls queue up at Payments, callers time out (while Payments goes on charging cards for
// orders that were never stored), and Payments' backlog refuses the rest. The asynchronous
// version answers 202 Accepted at once, queues the work, and updates the order's status — a
// read model — from the PaymentCaptured event when Payments gets to it.

import { defineLessonScenario } from '../../../src/content/types';

export default defineLessonScenario({
  id: 'lesson-why-async',
  title: 'Why async',
  summary: 'A synchronous chain under a traffic spike versus a queue; 202 Accepted and a read model fed by events.',
  broker: 'generic',
  entities: [
    { type: 'queue', name: 'orders', lockDurationTicks: 5_000 },
    { type: 'queue', name: 'payment-events' },
  ],
  messages: [
    { type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId', description: 'An order was accepted and waits for payment.' },
    { type: 'PaymentCaptured', kind: 'event', to: 'payment-events', keyField: 'orderId', description: 'The card was charged for an order.' },
  ],
  services: [
    {
      name: 'Shop',
      handlers: [
        { name: 'PlaceOrder', code: { file: 'Shop/PlaceOrder.ts' } },
        { name: 'UpdateOrderStatus', consumes: 'payment-events', code: { file: 'Shop/UpdateOrderStatus.ts' } },
      ],
    },
    {
      name: 'Payments',
      // Two card-network connections: two charges at a time; 15 callers may wait for one.
      calls: { latencyTicks: 10, backlog: 15 },
      handlers: [
        { name: 'Charge', concurrency: 2, code: { file: 'Payments/Charge.ts' } },
        { name: 'ChargeOrder', consumes: 'orders', concurrency: 2, code: { file: 'Payments/ChargeOrder.ts' } },
      ],
    },
  ],
  // The card network: what it charged is what the customer's bank statement shows. It honours
  // Idempotency-Keys, so a redelivered charge with the same key is not charged again.
  externals: [{ name: 'PaymentGateway', description: 'The card network: charges cards.', keyField: 'orderId', honoursIdempotencyKey: true, latencyTicks: 75 }],
  workload: [{ kind: 'steady', service: 'Shop', handler: 'PlaceOrder', count: 10, intervalTicks: 300, body: { orderId: 'order-{n}', amount: '{rand:10-500}' } }],
});
