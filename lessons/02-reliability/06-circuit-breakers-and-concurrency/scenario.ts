// Circuit breakers and concurrency limits: Shipping books a courier for every paid order and
// records it in its database — a small managed instance that allows 4 connections and is
// restarted for maintenance from 0.4 s to 3.4 s. Orders keep arriving meanwhile. Without a
// breaker, every delivery fails straight back to the broker, is handed out again at once, and
// burns its delivery count against a database that cannot answer: the orders end in the DLQ.
// When the database is back, 16 consumers at once overwhelm its 4 connections.

import { defineLessonScenario } from '../../../src/content/types';

export default defineLessonScenario({
  id: 'lesson-circuit-breakers',
  title: 'Circuit breakers and concurrency limits',
  summary: 'Shipping must stop calling a database that is down, and never use more than its 4 connections.',
  broker: 'generic',
  entities: [{ type: 'queue', name: 'shipments', maxDeliveryCount: 10, lockDurationTicks: 30_000 }],
  messages: [{ type: 'ShipOrder', kind: 'command', to: 'shipments', keyField: 'orderId', description: 'Book a courier for a paid order.' }],
  services: [
    { name: 'Ordering', handlers: [{ name: 'OrderPaid', code: { file: 'Ordering/OrderPaid.ts' } }] },
    { name: 'Shipping', handlers: [{ name: 'BookCourier', consumes: 'shipments', concurrency: 16, code: { file: 'Shipping/BookCourier.ts' } }] },
  ],
  externals: [{ name: 'Courier', description: 'Parcel-co: books pickups; honours Idempotency-Keys.', keyField: 'orderId', honoursIdempotencyKey: true, latencyTicks: 20 }],
  workload: [{ kind: 'steady', service: 'Ordering', handler: 'OrderPaid', count: 30, intervalTicks: 100, body: { orderId: 'order-{n}', customer: 'cust-{n%7}' } }],
  faults: [{ type: 'db-outage', service: 'Shipping', fromTick: 400, durationTicks: 3_000 }],
  checks: [
    { name: 'dlq-accounted', options: { expected: [] } },
    { name: 'db-predicate', options: { rules: [{ service: 'Shipping', table: 'bookings', expect: { count: 30 }, describe: 'all 30 orders have a courier booked' }] } },
    { name: 'peak-load', options: { service: 'Shipping', handler: 'BookCourier', measure: 'concurrent', max: 4, describe: 'the database allows 4 connections' } },
  ],
});
