// Poison messages and the dead-letter queue: Shipping creates a shipment for every ShipOrder.
// Customer cust-3 has no address yet, so its order can never succeed until someone fixes the
// data (UpdateAddress at 4 s). Other failures are transient and succeed when retried. An
// operator can redrive the dead-letter queue — after the fix, or too early.

import { defineLessonScenario } from '../../../src/content/types';

const lesson = defineLessonScenario({
  id: 'lesson-dead-letters',
  title: 'Poison messages, the DLQ and redrive',
  summary: 'Shipping must dead-letter what cannot succeed — at once, with a reason — and retry what can.',
  broker: 'generic',
  entities: [{ type: 'queue', name: 'shipments', maxDeliveryCount: 4 }],
  messages: [{ type: 'ShipOrder', kind: 'command', to: 'shipments', keyField: 'orderId', description: 'Create the shipment for a paid order.' }],
  services: [
    { name: 'Ordering', handlers: [{ name: 'OrderPaid', code: { file: 'Ordering/OrderPaid.ts' } }] },
    {
      name: 'Shipping',
      handlers: [
        { name: 'CreateShipment', consumes: 'shipments', code: { file: 'Shipping/CreateShipment.ts' } },
        { name: 'UpdateAddress', code: { file: 'Shipping/UpdateAddress.ts' } },
      ],
      db: { addresses: { 'cust-1': { city: 'Oslo' }, 'cust-2': { city: 'Lyon' }, 'cust-4': { city: 'Porto' }, 'cust-5': { city: 'Graz' } } },
    },
  ],
  workload: [
    { kind: 'steady', service: 'Ordering', handler: 'OrderPaid', count: 5, intervalTicks: 200, body: { orderId: 'order-{n}', customer: 'cust-{n}' } },
    { kind: 'burst', service: 'Shipping', handler: 'UpdateAddress', count: 1, startTick: 4_000, body: { customer: 'cust-3', city: 'Turku' } },
  ],
  checks: [
    // order-3 cannot succeed until its address is fixed: it must be dead-lettered with the
    // reason, not swallowed (acked without a shipment) and not retried to exhaustion.
    { name: 'dlq-accounted', options: { expected: [{ messageType: 'ShipOrder', reason: 'address-missing', where: { customer: 'cust-3' } }], poison: [{ messageType: 'ShipOrder', where: { customer: 'cust-3' }, reason: 'address-missing', retriesMax: 0 }] } },
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Shipping', table: 'shipments', where: { customer: { ne: 'cust-3' } }, expect: { count: 4, every: { city: { exists: true } } }, describe: 'the 4 orders with an address are shipped' },
          // order-3 ships only once its address is known (a redrive after the fix, or a delivery a crash held back until then).
          { service: 'Shipping', table: 'shipments', where: { customer: 'cust-3' }, expect: { count: { max: 1 }, every: { city: 'Turku' } }, describe: 'order-3 is not shipped without an address' },
        ],
      },
    },
  ],
});


export default lesson;

// Operator replays of the dead-letter queue: too early (the address is fixed only at 4 s) and after the fix.
export const redriveEarly = defineLessonScenario({ ...lesson, id: 'lesson-dead-letters-redrive-early', faults: [{ type: 'redrive', entity: 'shipments', atTick: 2_000 }] });
// After the fix, the replay must ship order-3 with its new address: a fix that was only logged,
// never stored, leaves it dead-lettered again, which "at most one shipment" alone would accept.
export const redriveAfterFix = defineLessonScenario({
  ...lesson,
  id: 'lesson-dead-letters-redrive-after-fix',
  faults: [{ type: 'redrive', entity: 'shipments', atTick: 5_000 }],
  checks: lesson.checks!.map((c) => (c.name !== 'db-predicate' ? c : {
    name: 'db-predicate',
    options: {
      rules: [
        { service: 'Shipping', table: 'shipments', where: { customer: { ne: 'cust-3' } }, expect: { count: 4, every: { city: { exists: true } } }, describe: 'the 4 orders with an address are shipped' },
        { service: 'Shipping', table: 'shipments', where: { customer: 'cust-3' }, expect: { count: 1, every: { city: 'Turku' } }, describe: 'order-3 ships to Turku once the fixed address is stored and the DLQ is replayed' },
      ],
    },
  })),
});
