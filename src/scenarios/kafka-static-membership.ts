// Sandbox: a consumer restart, with and without static membership. Two consumer groups read the
// same `orders` topic (2 partitions), each with two members. The first group's members are
// dynamic (no group.instance.id); the second's set group.instance.id. At 5 s one member of each
// group crashes and restarts 5 s later. The dynamic member comes back as a new member: the
// rebalance its join starts waits for its old member until session.timeout.ms (45 s) removes it,
// and with the eager protocol (range, the first default) nobody in that group reads meanwhile.
// The static member is recognised by its instance id and gets its partition back at once,
// without a rebalance. Each shipment records how long the order waited in the topic.

import { defineScenario } from '../engine/index';

const placeOrder = `import { defineHandler } from 'brokerlab';

export default defineHandler('PlaceOrder', async (request, ctx) => {
  ctx.publish('OrderPlaced', request.body);
});
`;

const ship = `import { defineHandler } from 'brokerlab';

// How long the order waited between being written (the record's timestamp) and being shipped.
// A record read again after a crash keeps its first shipment.
export default defineHandler('Ship', async (msg, ctx) => {
  await ctx.work(50);
  if (ctx.db.get('shipments', msg.body.orderId)) return;
  await ctx.db.put('shipments', msg.body.orderId, { waitedMs: ctx.now() - msg.broker.timestamp, partition: msg.broker.partition });
});
`;

const ORDERS = 60;
const code = { source: ship, file: 'Shipping/Ship.ts' };
const dynamic = { groupId: 'shipping', autoOffsetReset: 'earliest' };
const member = (instance: string) => ({ groupId: 'shipping-static', autoOffsetReset: 'earliest', groupInstanceId: instance });

export const kafkaStaticMembership = defineScenario({
  id: 'kafka-static-membership',
  title: 'Kafka: a consumer restart and static membership',
  summary: 'A restarted consumer stalls its group until its old session times out (45 s); with group.instance.id it gets its partition back at once, without a rebalance.',
  broker: 'kafka',
  entities: [{ type: 'topic', name: 'orders', partitions: 2 }],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId', description: 'An order to ship, keyed by its id.' }],
  services: [
    { name: 'Shop', handlers: [{ name: 'PlaceOrder', code: { source: placeOrder, file: 'Shop/PlaceOrder.ts' } }] },
    { name: 'Shipping-1', handlers: [{ name: 'Ship', consumes: 'orders', code, options: dynamic }] },
    { name: 'Shipping-2', handlers: [{ name: 'Ship', consumes: 'orders', code, options: dynamic }] },
    { name: 'Static-1', handlers: [{ name: 'Ship', consumes: 'orders', code, options: member('static-1') }] },
    { name: 'Static-2', handlers: [{ name: 'Ship', consumes: 'orders', code, options: member('static-2') }] },
  ],
  workload: [{ kind: 'steady', service: 'Shop', handler: 'PlaceOrder', count: ORDERS, intervalTicks: 500, body: { orderId: 'order-{n}' } }],
  faults: [
    { type: 'crash', service: 'Shipping-1', atTick: 5_000, restartAfterTicks: 5_000 },
    { type: 'crash', service: 'Static-1', atTick: 5_000, restartAfterTicks: 5_000 },
  ],
  checks: [
    { name: 'no-loss' },
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Static-1', table: 'shipments', expect: { every: { waitedMs: { lte: 10_000 } } }, describe: 'with group.instance.id no order waits more than 10 s (Static-1)' },
          { service: 'Static-2', table: 'shipments', expect: { every: { waitedMs: { lte: 10_000 } } }, describe: 'with group.instance.id no order waits more than 10 s (Static-2)' },
          { service: 'Shipping-1', table: 'shipments', expect: { every: { waitedMs: { lte: 10_000 } } }, describe: 'without it no order waits more than 10 s (Shipping-1)' },
          { service: 'Shipping-2', table: 'shipments', expect: { every: { waitedMs: { lte: 10_000 } } }, describe: 'without it no order waits more than 10 s (Shipping-2)' },
        ],
      },
    },
  ],
  seeds: [1, 2, 3],
});
