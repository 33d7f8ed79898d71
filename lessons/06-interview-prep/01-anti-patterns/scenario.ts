// Anti-patterns: Invoicing consumes OrderPlaced and, to price each order, calls Pricing
// synchronously from inside the consumer. When Pricing restarts, every delivery fails, is
// redelivered at once and ends in the dead-letter queue — Invoicing is only as available as
// Pricing. The fix keeps the consumer pure: it reads prices from a local copy that
// UpdatePrices maintains from Pricing's PriceChanged events. The two SKUs have different
// prices, so an amount the code makes up (a constant, one price for all) fails; and another
// price list (`otherPrices`, its own fault plan) fails a price table copied from the lesson.

import { defineLessonScenario } from '../../../src/content/types';

/** The lesson's world with Pricing's prices for sku-0 and sku-1; every order is for 2 items. */
function invoicing(price0: number, price1: number) {
  return defineLessonScenario({
    id: 'lesson-anti-patterns',
    title: 'Anti-patterns',
    summary: 'A synchronous call inside a consumer couples its availability to the callee.',
    broker: 'generic',
    entities: [
      { type: 'queue', name: 'orders', maxDeliveryCount: 3 },
      { type: 'queue', name: 'price-events' },
    ],
    messages: [
      { type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId', description: 'An order was accepted (a focused event: what happened, with the data consumers need).' },
      { type: 'PriceChanged', kind: 'event', to: 'price-events', keyField: 'sku', description: 'Pricing set a new price for a SKU.' },
    ],
    services: [
      { name: 'Ordering', handlers: [{ name: 'PlaceOrder', code: { file: 'Ordering/PlaceOrder.ts' } }] },
      {
        name: 'Pricing',
        handlers: [
          { name: 'SetPrice', code: { file: 'Pricing/SetPrice.ts' } },
          { name: 'GetPrice', code: { file: 'Pricing/GetPrice.ts' } },
        ],
      },
      {
        name: 'Invoicing',
        handlers: [
          { name: 'InvoiceOrder', consumes: 'orders', code: { file: 'Invoicing/InvoiceOrder.ts' } },
          { name: 'UpdatePrices', consumes: 'price-events', code: { file: 'Invoicing/UpdatePrices.ts' } },
        ],
      },
    ],
    workload: [
      { kind: 'burst', service: 'Pricing', handler: 'SetPrice', count: 1, body: { sku: 'sku-0', price: price0 } },
      { kind: 'burst', service: 'Pricing', handler: 'SetPrice', count: 1, body: { sku: 'sku-1', price: price1 } },
      { kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 8, startTick: 300, intervalTicks: 300, body: { orderId: 'order-{n}', sku: 'sku-{n%2}', qty: 2 } },
    ],
    checks: [
      {
        name: 'db-predicate',
        options: {
          rules: [
            { service: 'Invoicing', table: 'invoices', keys: { requested: 'orderId' }, expect: { count: 8, matchesRequest: { sku: 'sku' } }, describe: 'every order is invoiced' },
            { service: 'Invoicing', table: 'invoices', where: { sku: 'sku-0' }, expect: { count: 4, every: { amount: 2 * price0 } }, describe: `sku-0 orders at 2 × ${price0}, Pricing's price` },
            { service: 'Invoicing', table: 'invoices', where: { sku: 'sku-1' }, expect: { count: 4, every: { amount: 2 * price1 } }, describe: `sku-1 orders at 2 × ${price1}, Pricing's price` },
          ],
        },
      },
    ],
  });
}

export default invoicing(10, 15);

/** Another price list: a price table copied into the code from the lesson fails here. */
export const otherPrices = invoicing(12, 18);
