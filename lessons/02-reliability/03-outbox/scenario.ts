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
  workload: [{ kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 6, intervalTicks: 400, body: { orderId: 'order-{n}', sku: 'sku-{rand:0-1}', qty: '{rand:1-4}' } }],
  checks: [
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Ordering', table: 'orders', keys: { requested: 'orderId' }, expect: { every: { status: 'reserved' } }, describe: 'every order placed is stored and ends reserved' },
          // "reserved" is what Inventory said, not what Ordering hoped: only after the reservation.
          { service: 'Ordering', table: 'orders', expect: { onlyAfter: { when: { status: 'reserved' }, service: 'Inventory', table: 'reservations' } }, describe: 'an order turns "reserved" only after Inventory reserved it' },
          { service: 'Inventory', table: 'reservations', keys: { requested: 'orderId' }, expect: { matchesRequest: { sku: 'sku', qty: 'qty' } }, describe: 'Inventory holds a reservation for each order, for its SKU and quantity' },
          // The seed draws each order's SKU and quantity: the stock held is what the orders asked for.
          { service: 'Inventory', table: 'stock', keyField: 'orderId', expect: { sumOfRequests: { field: 'reserved', groupBy: 'sku', add: 'qty' } }, describe: 'each SKU holds exactly what its orders asked for' },
        ],
      },
    },
  ],
});
