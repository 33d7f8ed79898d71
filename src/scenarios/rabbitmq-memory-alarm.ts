// Sandbox: a RabbitMQ memory alarm. The Shop publishes an order every 100 ms to the fanout
// exchange orders, which copies it to two billing queues. Both billers take 300 ms an order and
// publish OrderBilled to receipts, read by the Mailer. Billing-Shared publishes on the connection
// its consumer uses (the default of Spring's CachingConnectionFactory); Billing-Separate has a
// publisher connection of its own (RabbitTemplate.setUsePublisherConnection). At 2 s the node's
// memory alarm goes off for 5 s: every connection that publishes is blocked — the Shop's at once,
// each biller's at its next OrderBilled. Billing-Shared's acks are stuck behind its blocked
// publish, so it stops at its prefetch; Billing-Separate keeps acking; the Mailer only consumes
// and is never blocked. When the alarm clears everything held is sent, in order, and nothing is lost.

import { defineScenario } from '../engine/index';

const placeOrder = `import { defineHandler } from 'brokerlab';

export default defineHandler('PlaceOrder', async (request, ctx) => {
  ctx.publish('OrderPlaced', request.body);
});
`;

const bill = `import { defineHandler } from 'brokerlab';

export default defineHandler('Bill', async (msg, ctx) => {
  await ctx.work(300);
  await ctx.db.put('billed', msg.body.orderId, { at: ctx.now() });
  ctx.publish('OrderBilled', { orderId: msg.body.orderId });
});
`;

const mail = `import { defineHandler } from 'brokerlab';

export default defineHandler('Mail', async (msg, ctx) => {
  await ctx.work(150);
});
`;

const ORDERS = 50;
const code = { source: bill, file: 'Billing/Bill.ts' };

export const rabbitMqMemoryAlarm = defineScenario({
  id: 'rabbitmq-memory-alarm',
  title: 'RabbitMQ: memory alarm',
  summary: 'The node\'s memory alarm blocks every connection that publishes: a biller that publishes and acks on one connection stalls at its prefetch, one with a separate publisher connection keeps acking, and a consumer that only consumes is never blocked.',
  broker: 'rabbitmq',
  entities: [
    { type: 'exchange', name: 'orders', exchangeType: 'fanout' },
    { type: 'queue', name: 'billing-shared', bindings: [{ exchange: 'orders' }] },
    { type: 'queue', name: 'billing-separate', bindings: [{ exchange: 'orders' }] },
    { type: 'queue', name: 'receipts' },
  ],
  messages: [
    { type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId', description: 'An order, copied to both billing queues.' },
    { type: 'OrderBilled', kind: 'event', to: 'receipts', keyField: 'orderId', description: 'A biller billed the order.' },
  ],
  services: [
    { name: 'Shop', handlers: [{ name: 'PlaceOrder', code: { source: placeOrder, file: 'Shop/PlaceOrder.ts' } }] },
    { name: 'Billing-Shared', handlers: [{ name: 'Bill', consumes: 'billing-shared', code, options: { prefetch: 5 } }] },
    { name: 'Billing-Separate', rabbitmq: { publisherConnection: 'separate' }, handlers: [{ name: 'Bill', consumes: 'billing-separate', code, options: { prefetch: 5 } }] },
    { name: 'Mailer', handlers: [{ name: 'Mail', consumes: 'receipts', code: { source: mail, file: 'Mailer/Mail.ts' } }] },
  ],
  workload: [{ kind: 'steady', service: 'Shop', handler: 'PlaceOrder', count: ORDERS, intervalTicks: 100, body: { orderId: 'order-{n}' } }],
  faults: [{ type: 'broker-alarm', resource: 'memory', atTick: 2_000, durationTicks: 5_000 }],
  checks: [
    { name: 'no-loss' },
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Billing-Shared', table: 'billed', expect: { count: ORDERS }, describe: 'Billing-Shared bills every order once the alarm clears' },
          { service: 'Billing-Separate', table: 'billed', expect: { count: ORDERS }, describe: 'Billing-Separate bills every order' },
        ],
      },
    },
  ],
  seeds: [1, 2, 3],
});
