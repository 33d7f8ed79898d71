// Idempotency keys: the shop's client retries a payment request when its first call timed
// out. Each retry makes Checkout send a *new* CapturePayment command — a new message id — with
// the same Idempotency-Key header. An inbox keyed by message id cannot see that the two
// commands are one operation; the idempotency key (and the order id, a business key) can.

import { defineLessonScenario } from '../../../src/content/types';

export default defineLessonScenario({
  id: 'lesson-idempotency',
  title: 'Idempotent handlers',
  summary: 'Payments captures each payment once, even when the client retries and Checkout sends the command again.',
  broker: 'generic',
  // A lock of 60 s (Service Bus's default, PT1M) outlasts the gateway call's 30 s timeout: a call that
  // got no answer fails before the broker would hand the message to someone else.
  entities: [{ type: 'queue', name: 'payment-commands', lockDurationTicks: 60_000 }],
  messages: [{ type: 'CapturePayment', kind: 'command', to: 'payment-commands', keyField: 'orderId', description: 'Capture the money for an order (Payments owns it).' }],
  services: [
    { name: 'Checkout', handlers: [{ name: 'Pay', code: { file: 'Checkout/Pay.ts' } }] },
    { name: 'Payments', handlers: [{ name: 'CapturePayment', consumes: 'payment-commands', code: { file: 'Payments/CapturePayment.ts' } }] },
  ],
  // The gateway is what the customer's card statement shows. Like Stripe, it honours an
  // Idempotency-Key: a capture repeated with the same key returns the first receipt.
  externals: [{ name: 'PaymentGateway', description: 'Captures card payments.', keyField: 'orderId', honoursIdempotencyKey: true }],
  workload: [
    { kind: 'steady', service: 'Checkout', handler: 'Pay', count: 5, intervalTicks: 300, body: { orderId: 'order-{n}', amount: 25, idempotencyKey: 'pay-order-{n}' } },
    // The client timed out waiting for orders 2 and 4 and pressed "pay" again: same key.
    { kind: 'burst', service: 'Checkout', handler: 'Pay', count: 1, startTick: 1_000, body: { orderId: 'order-2', amount: 25, idempotencyKey: 'pay-order-2' } },
    { kind: 'burst', service: 'Checkout', handler: 'Pay', count: 1, startTick: 1_700, body: { orderId: 'order-4', amount: 25, idempotencyKey: 'pay-order-4' } },
  ],
  checks: [
    // The record says the money was taken: every order's capture must have reached the gateway.
    { name: 'no-loss', options: { effects: [{ type: 'CapturePayment', external: 'PaymentGateway', field: 'orderId', describe: 'every order the client paid for was captured at the gateway' }] } },
    {
      name: 'db-predicate',
      options: { rules: [{ service: 'Payments', table: 'captures', expect: { count: 5, sum: { field: 'amount', equals: 125 }, recordsEffects: { external: 'PaymentGateway', field: 'orderId' } }, describe: '5 captures of 25 — one per order, and one for every capture the gateway made' }] },
    },
  ],
});
