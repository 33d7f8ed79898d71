// The interview drill: one small flow with two hidden mistakes, and fault plans that each
// expose a different one. Ordering commits an order and then publishes straight to the broker
// (a crash in between loses the event); Inventory reserves stock without remembering what it
// processed (a redelivery reserves twice). The learner names each failure from the diagram,
// then fixes both.

import { defineLessonScenario } from '../../../src/content/types';

const scenario = defineLessonScenario({
  id: 'lesson-interview-drill',
  title: 'Interview drill',
  summary: 'Diagnose mixed failures: a lost event and a duplicated effect.',
  broker: 'generic',
  entities: [{ type: 'queue', name: 'orders', lockDurationTicks: 1_000 }],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId', description: 'An order was accepted.' }],
  services: [
    { name: 'Ordering', handlers: [{ name: 'PlaceOrder', code: { file: 'Ordering/PlaceOrder.ts' } }] },
    {
      name: 'Inventory',
      handlers: [{ name: 'ReserveStock', consumes: 'orders', concurrency: 2, code: { file: 'Inventory/ReserveStock.ts' } }],
      db: { stock: { 'sku-0': { reserved: 0 }, 'sku-1': { reserved: 0 } } },
    },
  ],
  workload: [{ kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 6, intervalTicks: 300, body: { orderId: 'order-{n}', sku: 'sku-{n%2}', qty: 1 } }],
  // A reservation is Inventory's write to the stock table while handling an order: two
  // commits for one order are its stock reserved twice.
  checks: [
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Inventory', table: 'stock', key: 'sku-0', expect: { equals: { reserved: 3 } }, describe: 'sku-0: orders 2, 4, 6' },
          { service: 'Inventory', table: 'stock', key: 'sku-1', expect: { equals: { reserved: 3 } }, describe: 'sku-1: orders 1, 3, 5' },
        ],
      },
    },
    { name: 'no-duplicate-effect', options: { writes: [{ service: 'Inventory', table: 'stock', keyField: 'orderId' }] } },
  ],
});

export default scenario;

/**
 * Another day: 8 orders of 1 to 3 units each (drawn from the seed). Each SKU must hold what its
 * own orders asked for, each order once — a reservation typed in by hand (3) is wrong here.
 */
export const anotherDay = defineLessonScenario({
  ...scenario,
  id: 'lesson-interview-drill-another-day',
  workload: [{ kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 8, intervalTicks: 300, body: { orderId: 'order-{n}', sku: 'sku-{n%2}', qty: '{rand:1-3}' } }],
  checks: scenario.checks!.map((c) => (c.name !== 'db-predicate' ? c : {
    name: c.name,
    options: { rules: [{ service: 'Inventory', table: 'stock', keyField: 'orderId', expect: { count: 2, sumOfRequests: { field: 'reserved', groupBy: 'sku', add: 'qty' } }, describe: 'each SKU holds exactly what its orders asked for, each order once' }] },
  })),
});
