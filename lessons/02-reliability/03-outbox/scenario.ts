// The outbox lesson: Ordering stores an order and tells Inventory with OrderPlaced; Inventory
// reserves stock and answers StockReserved; Ordering marks the order reserved. The starter
// writes the database and then publishes straight to the broker — two writes that a crash (or
// an unreachable broker) can separate. The goal: every order ends reserved.

import { defineLessonScenario } from '../../../src/content/types';

export default defineLessonScenario({
  id: 'lesson-outbox',
  title: 'The transactional outbox',
  summary: 'Ordering must not commit an order without its OrderPlaced event, whatever crashes where.',
  broker: 'generic',
  entities: [
    { type: 'queue', name: 'orders' },
    { type: 'queue', name: 'stock-events' },
  ],
  messages: [
    { type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId', description: 'An order was accepted.' },
    { type: 'StockReserved', kind: 'event', to: 'stock-events', keyField: 'orderId', description: 'Stock is held for an order.' },
  ],
  services: [
    {
      name: 'Ordering',
      outbox: { pollIntervalTicks: 100 },
      handlers: [
        { name: 'PlaceOrder', code: { file: 'Ordering/PlaceOrder.ts' } },
        { name: 'MarkReserved', consumes: 'stock-events', code: { file: 'Ordering/MarkReserved.ts' } },
      ],
    },
    {
      name: 'Inventory',
      handlers: [{ name: 'ReserveStock', consumes: 'orders', code: { file: 'Inventory/ReserveStock.ts' } }],
      db: { stock: { 'sku-0': { reserved: 0 }, 'sku-1': { reserved: 0 } } },
    },
  ],
  workload: [{ kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 6, intervalTicks: 400, body: { orderId: 'order-{n}', sku: 'sku-{n%2}', qty: 1 } }],
  checks: [
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Ordering', table: 'orders', keys: { requested: 'orderId' }, expect: { every: { status: 'reserved' } }, describe: 'every order placed is stored and ends reserved' },
          { service: 'Inventory', table: 'stock', key: 'sku-0', expect: { equals: { reserved: 3 } }, describe: 'sku-0 holds stock for orders 2, 4, 6' },
          { service: 'Inventory', table: 'stock', key: 'sku-1', expect: { equals: { reserved: 3 } }, describe: 'sku-1 holds stock for orders 1, 3, 5' },
        ],
      },
    },
  ],
});
