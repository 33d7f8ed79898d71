// Sandbox: Kafka partitions and a rebalance. Orders are keyed by customer, so murmur2 puts all
// of a customer's orders on one of three partitions and they stay in order there. The billing
// group has two members (range assignment); analytics is a second group reading the same
// records independently. Billing-2 crashes: for session.timeout.ms (45 s) its partitions stall,
// then the group rebalances and Billing-1 takes over from the last committed offsets —
// re-processing what Billing-2 had done since its last auto-commit (every 5 s): at-least-once.
// When Billing-2 comes back, the cooperative-sticky assignor moves only the partitions it needs.
//
// Success here is at-least-once, as Kafka promises it: no record lost, and Analytics (its own
// group, never crashed) counts all 40 orders, each customer's in order. The billing duplicates
// after the rebalance are what the scenario shows, so they are not a failure here.

import { defineScenario } from '../engine/index';

const placeOrder = `import { defineHandler } from 'brokerlab';

export default defineHandler('PlaceOrder', async (request, ctx) => {
  ctx.publish('OrderPlaced', request.body);
});
`;

const bill = `import { defineHandler } from 'brokerlab';

// Counts how often each order was billed: a count of 2 is a duplicate caused by the rebalance.
export default defineHandler('Bill', async (msg, ctx) => {
  await ctx.work(200);
  await ctx.db.transaction(async (tx) => {
    const seen = tx.get('billed', msg.body.orderId) ?? { times: 0 };
    tx.put('billed', msg.body.orderId, { times: seen.times + 1, partition: msg.broker.partition, offset: msg.broker.offset });
  });
});
`;

const analyse = `import { defineHandler } from 'brokerlab';

export default defineHandler('Count', async (msg, ctx) => {
  const seen = ctx.db.get('per-customer', msg.body.customer) ?? { orders: 0 };
  await ctx.db.put('per-customer', msg.body.customer, { orders: seen.orders + 1 });
});
`;

const billing = { source: bill, file: 'Billing/Bill.ts' };
const member = { groupId: 'billing', partitionAssignmentStrategy: 'cooperative-sticky', autoOffsetReset: 'earliest' };

export const kafkaPartitions = defineScenario({
  id: 'kafka-partitions',
  title: 'Kafka: partitions and a rebalance',
  summary: 'Keys pick partitions with murmur2; two billing members split three partitions; a crash triggers a rebalance after the session timeout and uncommitted records are processed again.',
  broker: 'kafka',
  entities: [{ type: 'topic', name: 'orders', partitions: 3 }],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'customer', description: 'An order, keyed by customer id.' }],
  services: [
    { name: 'Shop', handlers: [{ name: 'PlaceOrder', code: { source: placeOrder, file: 'Shop/PlaceOrder.ts' } }] },
    { name: 'Billing-1', handlers: [{ name: 'Bill', consumes: 'orders', code: billing, options: member }] },
    { name: 'Billing-2', handlers: [{ name: 'Bill', consumes: 'orders', code: billing, options: member }] },
    { name: 'Analytics', handlers: [{ name: 'Count', consumes: 'orders', code: { source: analyse, file: 'Analytics/Count.ts' }, options: { autoOffsetReset: 'earliest' } }] },
  ],
  workload: [{ kind: 'steady', service: 'Shop', handler: 'PlaceOrder', count: 40, intervalTicks: 500, body: { orderId: 'order-{n}', customer: 'customer-{n%5}' } }],
  faults: [{ type: 'crash', service: 'Billing-2', atTick: 7_000, restartAfterTicks: 60_000 }],
  checks: [
    { name: 'no-loss' },
    { name: 'per-key-order', options: { consumers: ['Analytics/Count'] } },
    { name: 'db-predicate', options: { rules: [{ service: 'Analytics', table: 'per-customer', expect: { count: 5, sum: { field: 'orders', equals: 40 } }, describe: 'Analytics counts all 40 orders of the 5 customers' }] } },
  ],
  seeds: [1, 2, 3],
});
