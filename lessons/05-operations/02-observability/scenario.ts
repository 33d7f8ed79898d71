// Observability: Checkout accepts an order (its request's correlation id goes back to the
// customer), Warehouse picks it and parks the parcel in a `pending` table; a scheduled courier
// batch — a request of its own, with its own correlation id — later sends ShipOrder for every
// waiting parcel, and Shipping books a courier. The courier serves no zone 0, so order-4's
// ShipOrder is poison and ends in the dead-letter queue. The starter publishes ShipOrder under
// the batch's correlation id: searching by order-4's id never finds its failure.

import { defineLessonScenario } from '../../../src/content/types';

export default defineLessonScenario({
  id: 'lesson-observability',
  title: 'Observability',
  summary: 'Every message about an order must be findable by the correlation id the customer was given — also the ones a batch job sends later.',
  broker: 'generic',
  entities: [
    { type: 'queue', name: 'warehouse' },
    { type: 'queue', name: 'shipping', maxDeliveryCount: 3 },
  ],
  messages: [
    { type: 'OrderPlaced', kind: 'event', to: 'warehouse', keyField: 'orderId', description: 'An order was accepted; the customer holds its correlation id.' },
    { type: 'ShipOrder', kind: 'command', to: 'shipping', keyField: 'orderId', description: 'Book a courier for a packed parcel (sent by the courier batch).' },
  ],
  services: [
    {
      name: 'Checkout',
      outbox: { pollIntervalTicks: 50 },
      handlers: [{ name: 'PlaceOrder', code: { file: 'Checkout/PlaceOrder.ts' } }],
    },
    {
      name: 'Warehouse',
      outbox: { pollIntervalTicks: 50 },
      handlers: [
        { name: 'Pick', consumes: 'warehouse', code: { file: 'Warehouse/Pick.ts' } },
        { name: 'ShipBatch', code: { file: 'Warehouse/ShipBatch.ts' } },
      ],
    },
    {
      name: 'Shipping',
      handlers: [{ name: 'Ship', consumes: 'shipping', code: { file: 'Shipping/Ship.ts' } }],
      db: { couriers: { '1': { name: 'Fjord Express' }, '2': { name: 'Rhône Parcel' }, '3': { name: 'Douro Post' } } },
    },
  ],
  workload: [
    { kind: 'steady', service: 'Checkout', handler: 'PlaceOrder', count: 6, intervalTicks: 250, body: { orderId: 'order-{n}', zone: '{n%4}' } },
    { kind: 'steady', service: 'Warehouse', handler: 'ShipBatch', count: 2, startTick: 1_100, intervalTicks: 1_000, body: { batch: 'courier-{n}' } },
  ],
  checks: [
    { name: 'one-correlation-per-key', options: { field: 'orderId' } },
    // Only the zone-0 parcel may end in the DLQ — and it must, with a reason, where a human sees it.
    { name: 'dlq-accounted', options: { expected: [{ messageType: 'ShipOrder', where: { zone: 0 } }], poison: [{ messageType: 'ShipOrder', where: { zone: 0 } }] } },
    { name: 'db-predicate', options: { rules: [{ service: 'Shipping', table: 'shipments', keys: ['order-1', 'order-2', 'order-3', 'order-5', 'order-6'], keyField: 'orderId', expect: { count: 5 }, describe: 'the 5 orders in a served zone are booked' }] } },
    // The courier collects in batches: a ShipOrder sent straight from Pick skips the very step the lesson is about.
    { name: 'sent-by', options: { rules: [{ type: 'ShipOrder', service: 'Warehouse', handler: 'ShipBatch', describe: 'the courier collects in batches; continue the order\'s stored flow when the batch sends it, rather than skipping the batch' }] } },
  ],
});
