// Sandbox: a RabbitMQ stream. Orders are appended to `order-events`, a stream (x-queue-type:
// stream): consuming does not remove them, and every consumer reads every order. Analytics
// attaches with x-stream-offset "first"; Notifications with the default, "next". Both crash at
// 4 s. Over AMQP 0-9-1 the broker keeps no offset for them, so each attaches again with its
// x-stream-offset: Analytics (back after 1 s) replays the stream from the start and, keeping one
// row per order, counts each once; Notifications (back after 3 s) starts at the end of the log
// and never sends the notifications for the orders placed while it was down.

import { defineScenario } from '../engine/index';

const placeOrder = `import { defineHandler } from 'brokerlab';

export default defineHandler('PlaceOrder', async (request, ctx) => {
  ctx.publish('OrderPlaced', request.body);
});
`;

const count = `import { defineHandler } from 'brokerlab';

// One row per order: a replay from the start of the stream counts nothing twice.
export default defineHandler('Count', async (msg, ctx) => {
  await ctx.work(100);
  await ctx.db.put('orders', msg.body.orderId, { offset: msg.broker['x-stream-offset'] });
});
`;

const notify = `import { defineHandler } from 'brokerlab';

export default defineHandler('Notify', async (msg, ctx) => {
  await ctx.work(100);
  await ctx.db.put('sent', msg.body.orderId, { at: ctx.now() });
});
`;

const ORDERS = 10;

export const rabbitMqStreams = defineScenario({
  id: 'rabbitmq-streams',
  title: 'RabbitMQ: streams and x-stream-offset',
  summary: 'A stream keeps every order for every consumer; after a crash a consumer attaches again with its x-stream-offset: "first" replays everything, "next" skips what came meanwhile.',
  broker: 'rabbitmq',
  entities: [{ type: 'queue', name: 'order-events', arguments: { 'x-queue-type': 'stream', 'x-max-age': '7D' } }],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'order-events', keyField: 'orderId', description: 'An order, appended to the stream.' }],
  services: [
    { name: 'Shop', handlers: [{ name: 'PlaceOrder', code: { source: placeOrder, file: 'Shop/PlaceOrder.ts' } }] },
    { name: 'Analytics', handlers: [{ name: 'Count', consumes: 'order-events', code: { source: count, file: 'Analytics/Count.ts' }, options: { prefetch: 10, streamOffset: 'first' } }] },
    { name: 'Notifications', handlers: [{ name: 'Notify', consumes: 'order-events', code: { source: notify, file: 'Notifications/Notify.ts' }, options: { prefetch: 1 } }] },
  ],
  workload: [{ kind: 'steady', service: 'Shop', handler: 'PlaceOrder', count: ORDERS, intervalTicks: 1_000, body: { orderId: 'order-{n}' } }],
  faults: [
    { type: 'crash', service: 'Analytics', atTick: 4_050, restartAfterTicks: 1_000 },
    { type: 'crash', service: 'Notifications', atTick: 4_050, restartAfterTicks: 3_000 },
  ],
  checks: [
    { name: 'no-loss' },
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Analytics', table: 'orders', expect: { count: ORDERS }, describe: 'Analytics ("first") counts all 10 orders once' },
          { service: 'Notifications', table: 'sent', expect: { count: ORDERS }, describe: 'Notifications ("next") notifies all 10 orders' },
        ],
      },
    },
  ],
  seeds: [1, 2, 3],
});
