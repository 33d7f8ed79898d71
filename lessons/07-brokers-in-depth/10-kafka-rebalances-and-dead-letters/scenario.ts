// Kafka rebalances and a dead-letter topic (ref §3.4, §3.5, §3.8). Ordering writes every paid
// order to `orders-paid` (3 partitions, keyed by order). Shipping runs two instances in one
// consumer group; each order is packed (300 ms) and a label is bought from the courier (an
// external system that honours an Idempotency-Key). Two things Kafka does that a queue does not:
//   - a record is retried in place (Spring's DefaultErrorHandler seeks back to it, ten
//     deliveries): while a record fails, every record behind it on its partition waits; a
//     record that can never succeed (an order with no valid postcode) must leave the partition
//     at once — to the dead-letter topic `orders-paid.DLT` (DeadLetterPublishingRecoverer),
//     which Kafka does not have by itself;
//   - when the group rebalances (an instance leaves or joins), a partition moves with the
//     records whose offsets were not committed yet: the new owner processes them again, so the
//     label is bought twice unless the call is safe to repeat.
// Both instances run the learner's Shipping/Ship.ts.

import { defineLessonScenario } from '../../../src/content/types';

const pay = `import { defineHandler } from 'brokerlab';

// Entry point: an order was paid; it goes to orders-paid, keyed by the order.
export default defineHandler('Pay', async (request, ctx) => {
  ctx.publish('OrderPaid', request.body, { key: request.body.orderId });
});
`;

export const ORDERS = 12;
/** The order whose postcode no courier accepts: no retry can ship it. */
export const POISON = 'order-5';

const member = { groupId: 'shipping', autoOffsetReset: 'earliest', commit: 'after-processing', sessionTimeoutMs: 10_000, deadLetterTopic: true };
const shipping = (name: string) => ({ name, handlers: [{ name: 'Ship', consumes: 'orders-paid', code: { file: 'Shipping/Ship.ts' }, options: member }] });

const scenario = defineLessonScenario({
  id: 'lesson-kafka-rebalances-and-dead-letters',
  title: 'Kafka: rebalances and a dead-letter topic',
  summary: 'Two Shipping instances share three partitions; a poison order and instances leaving and joining test what a partition does with failing and unfinished records.',
  broker: 'kafka',
  entities: [
    { type: 'topic', name: 'orders-paid', partitions: 3 },
    { type: 'topic', name: 'orders-paid.DLT', partitions: 3 },
  ],
  messages: [{ type: 'OrderPaid', kind: 'event', to: 'orders-paid', keyField: 'orderId', description: 'A paid order; Shipping packs it and buys its label.' }],
  services: [
    { name: 'Ordering', handlers: [{ name: 'Pay', code: { source: pay, file: 'Ordering/Pay.ts' } }] },
    shipping('Shipping-1'),
    shipping('Shipping-2'),
  ],
  // What the courier's invoice shows: every label bought. It honours an Idempotency-Key.
  externals: [{ name: 'Courier', description: 'Sells a shipping label for an order; honours the Idempotency-Key header.', keyField: 'orderId', honoursIdempotencyKey: true }],
  workload: [
    { kind: 'steady', service: 'Ordering', handler: 'Pay', count: 4, intervalTicks: 100, body: { orderId: 'order-{n}', postcode: '{rand:10000-99999}' } },
    { kind: 'burst', service: 'Ordering', handler: 'Pay', count: 1, startTick: 400, body: { orderId: POISON, postcode: 'N/A' } },
    { kind: 'steady', service: 'Ordering', handler: 'Pay', count: ORDERS - 5, startTick: 500, intervalTicks: 100, body: { orderId: 'order-x{n}', postcode: '{rand:10000-99999}' } },
  ],
  checks: [
    { name: 'no-duplicate-effect', options: { externals: ['Courier'] } },
    { name: 'no-loss', options: { effects: [{ type: 'OrderPaid', external: 'Courier', field: 'orderId', describe: 'every order with a valid postcode got its label' }] } },
    { name: 'dlq-accounted', options: { expected: [{ messageType: 'OrderPaid', where: { orderId: POISON } }], poison: [{ messageType: 'OrderPaid', where: { orderId: POISON }, retriesMax: 0 }] } },
  ],
  limits: { ticksMax: 600_000 },
});

export default scenario;

/** Another day: a later order carries a postcode one digit short, and order-5 is fine. */
export const ANOTHER_POISON = 'order-x3';
export const anotherPoison = defineLessonScenario({
  ...scenario,
  workload: [
    { kind: 'steady', service: 'Ordering', handler: 'Pay', count: 5, intervalTicks: 100, body: { orderId: 'order-{n}', postcode: '{rand:10000-99999}' } },
    { kind: 'steady', service: 'Ordering', handler: 'Pay', count: 2, startTick: 500, intervalTicks: 100, body: { orderId: 'order-x{n}', postcode: '{rand:10000-99999}' } },
    { kind: 'burst', service: 'Ordering', handler: 'Pay', count: 1, startTick: 700, body: { orderId: ANOTHER_POISON, postcode: '1234' } },
    { kind: 'steady', service: 'Ordering', handler: 'Pay', count: ORDERS - 8, startTick: 800, intervalTicks: 100, body: { orderId: 'order-y{n}', postcode: '{rand:10000-99999}' } },
  ],
  checks: scenario.checks!.map((c) => (c.name === 'dlq-accounted'
    ? { name: c.name, options: { expected: [{ messageType: 'OrderPaid', where: { orderId: ANOTHER_POISON } }], poison: [{ messageType: 'OrderPaid', where: { orderId: ANOTHER_POISON }, retriesMax: 0 }] } }
    : c)),
});
