// The inbox lesson: Ordering places orders and publishes OrderPlaced; Inventory reserves
// stock for each. The broker is at-least-once, so some deliveries arrive twice (a duplicated
// hand-over, a lock that expired while the consumer was paused). Without an inbox the stock is
// reserved twice for the same order.

import { defineLessonScenario } from '../../../src/content/types';

export default defineLessonScenario({
  id: 'lesson-inbox',
  title: 'The inbox',
  summary: 'Inventory reserves stock for every OrderPlaced; duplicated deliveries must not reserve twice.',
  broker: 'generic',
  entities: [{ type: 'queue', name: 'orders', lockDurationTicks: 2_000 }],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId', description: 'An order was accepted.' }],
  services: [
    { name: 'Ordering', handlers: [{ name: 'PlaceOrder', code: { file: 'Ordering/PlaceOrder.ts' } }] },
    {
      name: 'Inventory',
      handlers: [{ name: 'ReserveStock', consumes: 'orders', concurrency: 2, code: { file: 'Inventory/ReserveStock.ts' } }],
      db: { stock: { 'sku-0': { onHand: 100, reserved: 0 }, 'sku-1': { onHand: 100, reserved: 0 } } },
    },
  ],
  workload: [{ kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 6, intervalTicks: 300, body: { orderId: 'order-{n}', sku: 'sku-{rand:0-1}', qty: '{rand:1-5}' } }],
  checks: [
    // A reservation is Inventory's write to the stock table while handling an order: two
    // commits for one order are its stock reserved twice.
    { name: 'no-duplicate-effect', options: { writes: [{ service: 'Inventory', table: 'stock', keyField: 'orderId' }] } },
    {
      name: 'db-predicate',
      options: {
        rules: [
          // The seed draws each order's SKU and quantity: what is reserved must be what the
          // distinct orders asked for, so a count written by hand fails on another seed.
          { service: 'Inventory', table: 'stock', keyField: 'orderId', expect: { sumOfRequests: { field: 'reserved', groupBy: 'sku', add: 'qty' } }, describe: 'each SKU holds exactly what its orders asked for, each order once' },
        ],
      },
    },
  ],
});
