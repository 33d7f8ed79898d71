// Sandbox: the idempotent producer. The Shop writes every order to two topics; only the
// producer setting differs: `orders-plain` with enable.idempotence=false, `orders-idempotent`
// with the Java client's default since Kafka 3.0 (enable.idempotence=true, acks=all). From
// 250 ms the Shop's connection to the cluster is cut for 40 s: its records reach the leader
// but the acknowledgements do not come back, so after request.timeout.ms (30 s) it sends them
// again. On the plain topic the resend is a second record and Fulfilment ships that order
// twice; on the idempotent topic the leader recognises the producer id and sequence number and
// drops the resend.

import { defineScenario } from '../engine/index';

const placeOrder = `import { defineHandler } from 'brokerlab';

export default defineHandler('PlaceOrder', async (request, ctx) => {
  ctx.publish('OrderPlaced', request.body);
  ctx.publish('OrderPlacedIdempotent', request.body);
});
`;

const ship = `import { defineHandler } from 'brokerlab';

// Counts shipments per order: 2 means the order was shipped twice.
export default defineHandler('Ship', async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    const seen = tx.get('shipments', msg.body.orderId) ?? { times: 0 };
    tx.put('shipments', msg.body.orderId, { times: seen.times + 1 });
  });
});
`;

const ORDERS = 5;

export const kafkaIdempotentProducer = defineScenario({
  id: 'kafka-idempotent-producer',
  title: 'Kafka: producer retries and the idempotent producer',
  summary: 'Lost acknowledgements make the producer send again: a duplicate record without enable.idempotence, dropped by the broker with it.',
  broker: 'kafka',
  entities: [
    { type: 'topic', name: 'orders-plain', partitions: 1, enableIdempotence: false },
    { type: 'topic', name: 'orders-idempotent', partitions: 1, enableIdempotence: true },
  ],
  messages: [
    { type: 'OrderPlaced', kind: 'event', to: 'orders-plain', keyField: 'orderId', description: 'An order, written with enable.idempotence=false.' },
    { type: 'OrderPlacedIdempotent', kind: 'event', to: 'orders-idempotent', keyField: 'orderId', description: 'The same order, written by an idempotent producer.' },
  ],
  services: [
    { name: 'Shop', handlers: [{ name: 'PlaceOrder', code: { source: placeOrder, file: 'Shop/PlaceOrder.ts' } }] },
    { name: 'Fulfilment', handlers: [{ name: 'Ship', consumes: 'orders-plain', code: { source: ship, file: 'Fulfilment/Ship.ts' }, options: { autoOffsetReset: 'earliest' } }] },
    { name: 'Fulfilment-Idempotent', handlers: [{ name: 'Ship', consumes: 'orders-idempotent', code: { source: ship, file: 'Fulfilment/Ship.ts' }, options: { autoOffsetReset: 'earliest' } }] },
  ],
  workload: [{ kind: 'steady', service: 'Shop', handler: 'PlaceOrder', count: ORDERS, intervalTicks: 100, body: { orderId: 'order-{n}' } }],
  faults: [{ type: 'producer-cut-off', service: 'Shop', atTick: 250, durationTicks: 40_000 }],
  checks: [
    { name: 'no-loss' },
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Fulfilment-Idempotent', table: 'shipments', expect: { count: ORDERS, every: { times: 1 } }, describe: 'with enable.idempotence every order is shipped once' },
          { service: 'Fulfilment', table: 'shipments', expect: { count: ORDERS, every: { times: 1 } }, describe: 'without it every order is shipped once' },
        ],
      },
    },
  ],
  seeds: [1, 2, 3],
});
