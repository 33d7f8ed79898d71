// Sandbox: RabbitMQ routing with exchanges. Orders are published to the topic exchange
// `orders` with routing keys like `order.placed.eu`; bindings decide which queues get a copy:
// billing takes every placed order (`order.placed.*`), shipping-eu only European ones
// (`*.*.eu`), audit everything (`#`), one copy per queue however many of its bindings match.
// Two billing workers compete with prefetch 1, so the trace shows who was skipped and why.
// A malformed order is rejected without requeue; the quorum queue's dead-letter exchange sends
// it to `parked` with an x-death header saying where and why it died.
//
// Success: every valid order charged once, every EU order shipped, everything audited, and the
// malformed order — only it — parked with its reason; any other dead letter needs a human.

import { defineScenario } from '../engine/index';

const placeOrder = `import { defineHandler } from 'brokerlab';

// Entry point: publish the order with a routing key built from its region.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  ctx.publish('OrderPlaced', order, { routingKey: 'order.placed.' + order.region });
});
`;

const bill = `import { defineHandler } from 'brokerlab';

// Charges the order. A negative total is a bug in the sender: reject it (no requeue), so the
// queue's dead-letter exchange parks it instead of looping.
export default defineHandler('Charge', async (msg, ctx) => {
  if (msg.body.total < 0) throw new Error('negative total on ' + msg.body.orderId);
  await ctx.work(msg.body.region === 'us' ? 120 : 40);
  await ctx.db.put('charges', msg.body.orderId, { total: msg.body.total });
});
`;

const ship = `import { defineHandler } from 'brokerlab';

export default defineHandler('Ship', async (msg, ctx) => {
  await ctx.work(30);
  await ctx.db.put('shipments', msg.body.orderId, { region: msg.body.region });
});
`;

const audit = `import { defineHandler } from 'brokerlab';

export default defineHandler('Record', async (msg, ctx) => {
  await ctx.db.put('audit', msg.id, { key: msg.broker.routingKey, redelivered: msg.broker.redelivered });
});
`;

const park = `import { defineHandler } from 'brokerlab';

export default defineHandler('Park', async (msg, ctx) => {
  const death = msg.broker['x-death'][0];
  await ctx.db.put('parked', msg.id, { queue: death.queue, reason: death.reason, count: death.count });
});
`;

const billing = { source: bill, file: 'Billing/Charge.ts' };

export const rabbitMqRouting = defineScenario({
  id: 'rabbitmq-routing',
  title: 'RabbitMQ: routing with exchanges',
  summary: 'A topic exchange copies each order to the queues whose bindings match its routing key; prefetch 1 spreads billing work; a rejected order reaches the dead-letter exchange with x-death.',
  broker: 'rabbitmq',
  entities: [
    { type: 'exchange', name: 'orders', exchangeType: 'topic' },
    { type: 'exchange', name: 'dead-letters', exchangeType: 'fanout' },
    { type: 'queue', name: 'billing', arguments: { 'x-queue-type': 'quorum', 'x-dead-letter-exchange': 'dead-letters' }, bindings: [{ exchange: 'orders', key: 'order.placed.*' }] },
    { type: 'queue', name: 'shipping-eu', bindings: [{ exchange: 'orders', key: '*.*.eu' }] },
    { type: 'queue', name: 'audit', bindings: [{ exchange: 'orders', key: '#' }, { exchange: 'orders', key: 'order.#' }] },
    { type: 'queue', name: 'parked', bindings: [{ exchange: 'dead-letters' }] },
  ],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', routingKey: 'order.placed', description: 'An order was placed; the routing key ends with its region.' }],
  services: [
    { name: 'Shop', handlers: [{ name: 'PlaceOrder', code: { source: placeOrder, file: 'Shop/PlaceOrder.ts' } }] },
    { name: 'Billing-1', handlers: [{ name: 'Charge', consumes: 'billing', code: billing, options: { prefetch: 1, requeueOnFailure: false } }] },
    { name: 'Billing-2', handlers: [{ name: 'Charge', consumes: 'billing', code: billing, options: { prefetch: 1, requeueOnFailure: false } }] },
    { name: 'Shipping', handlers: [{ name: 'Ship', consumes: 'shipping-eu', code: { source: ship, file: 'Shipping/Ship.ts' } }] },
    { name: 'Audit', handlers: [{ name: 'Record', consumes: 'audit', code: { source: audit, file: 'Audit/Record.ts' } }] },
    { name: 'Operations', handlers: [{ name: 'Park', consumes: 'parked', code: { source: park, file: 'Operations/Park.ts' } }] },
  ],
  workload: [
    { kind: 'steady', service: 'Shop', handler: 'PlaceOrder', count: 6, intervalTicks: 15, body: { orderId: 'order-{n}', region: 'eu', total: 25 } },
    { kind: 'burst', service: 'Shop', handler: 'PlaceOrder', count: 2, startTick: 10, body: { orderId: 'order-us-{n}', region: 'us', total: 40 } },
    { kind: 'burst', service: 'Shop', handler: 'PlaceOrder', count: 1, startTick: 20, body: { orderId: 'order-bad', region: 'eu', total: -1 } },
  ],
  checks: [
    { name: 'no-loss' },
    { name: 'dlq-accounted', options: { expected: [{ messageType: 'OrderPlaced', where: { orderId: 'order-bad' } }] } },
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Shipping', table: 'shipments', expect: { count: 7, every: { region: 'eu' } }, describe: 'every EU order shipped (7), nothing else' },
          { service: 'Audit', table: 'audit', expect: { count: 9 }, describe: 'all 9 orders audited' },
          { service: 'Operations', table: 'parked', expect: { count: 1, every: { reason: 'rejected' } }, describe: 'exactly the malformed order parked, rejected' },
        ],
      },
    },
  ],
  seeds: [1, 2, 3],
});
