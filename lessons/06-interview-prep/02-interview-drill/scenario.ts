// The interview drill: one small flow with two hidden mistakes, and fault plans that each
// expose a different one. Ordering commits an order and then publishes straight to the broker
// (a crash in between loses the event); Inventory reserves stock without remembering what it
// processed (a redelivery reserves twice). The learner names each failure from the diagram,
// then fixes both.

import { defineLessonScenario } from '../../../src/content/types';

export default defineLessonScenario({
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
  checks: [{ name: 'no-duplicate-effect', options: { writes: [{ service: 'Inventory', table: 'stock', keyField: 'orderId' }] } }],
});
