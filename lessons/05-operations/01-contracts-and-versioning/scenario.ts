// Contracts and versioning: Ordering publishes OrderPlaced to a topic read by two teams.
// Billing was built against v1 (orderId, total) and has not been redeployed; Reports already
// reads v2, which adds an optional currency. The starter ships a v2 that also renames `total`
// to `amount` — a breaking change that Billing cannot read. The fix keeps v2 additive. Totals
// vary with the seed and orders come in two currencies, so an invoice must carry its own
// order's total and a revenue line its own currency.

import { defineLessonScenario } from '../../../src/content/types';

const orderPlacedSchema = {
  '1': {
    orderId: { type: 'string', description: 'The order, and the message key' },
    total: { type: 'number', description: 'Amount to invoice' },
  },
  '2': {
    orderId: { type: 'string' },
    total: { type: 'number' },
    currency: { type: 'string', required: false, description: 'ISO 4217 code; readers default to EUR' },
  },
} as const;

export default defineLessonScenario({
  id: 'lesson-contracts',
  title: 'Contracts and versioning',
  summary: 'Ordering evolves OrderPlaced to v2 while Billing still reads v1.',
  broker: 'generic',
  entities: [
    { type: 'topic', name: 'order-events', subscribers: ['billing', 'reports'] },
    { type: 'queue', name: 'billing', maxDeliveryCount: 3 },
    { type: 'queue', name: 'reports', maxDeliveryCount: 3 },
  ],
  messages: [
    { type: 'OrderPlaced', kind: 'event', to: 'order-events', keyField: 'orderId', version: 1, schema: orderPlacedSchema, description: 'An order was accepted (integration event: a public, versioned contract).' },
  ],
  services: [
    { name: 'Ordering', handlers: [{ name: 'PlaceOrder', code: { file: 'Ordering/PlaceOrder.ts' } }] },
    { name: 'Billing', handlers: [{ name: 'InvoiceOrder', consumes: 'billing', expects: { OrderPlaced: 1 }, code: { file: 'Billing/InvoiceOrder.ts' } }] },
    { name: 'Reports', handlers: [{ name: 'RecordRevenue', consumes: 'reports', expects: { OrderPlaced: 2 }, code: { file: 'Reports/RecordRevenue.ts' } }] },
  ],
  // Orders in two currencies (and totals from the seed): a currency written by hand, by the
  // producer or by a reader, is wrong for some of them.
  workload: [
    { kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 4, intervalTicks: 300, body: { orderId: 'order-{n}', total: '{rand:10-99}', currency: 'USD' } },
    { kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 2, startTick: 150, intervalTicks: 600, body: { orderId: 'order-gb-{n}', total: '{rand:10-99}', currency: 'GBP' } },
  ],
});
