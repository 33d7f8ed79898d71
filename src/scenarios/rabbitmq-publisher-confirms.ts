// Sandbox: publisher confirms. The Shop publishes every order to two queues that hold at most 3
// waiting messages (x-max-length 3, x-overflow reject-publish), each read by a packer that takes
// 300 ms an order. A burst of 8 orders fills both at once. Publishers to `orders-confirmed` use
// publisher confirms: each refused order comes back as basic.nack and the Shop publishes it again
// a second later; the 8th order is also lost on the way once (a drop fault), no confirm arrives,
// and the Shop publishes it again after its confirm timeout. Publishers to `orders` do not: the
// refused orders and the dropped one are gone and the Shop never learns it.

import { defineScenario } from '../engine/index';

const placeOrder = `import { defineHandler } from 'brokerlab';

export default defineHandler('PlaceOrder', async (request, ctx) => {
  ctx.publish('OrderPlaced', request.body);
  ctx.publish('OrderPlacedConfirmed', request.body);
});
`;

const pack = `import { defineHandler } from 'brokerlab';

export default defineHandler('Pack', async (msg, ctx) => {
  await ctx.work(300);
  await ctx.db.put('packed', msg.body.orderId, { at: ctx.now() });
});
`;

const ORDERS = 8;
const bounded = { 'x-max-length': 3, 'x-overflow': 'reject-publish' };
const code = { source: pack, file: 'Packing/Pack.ts' };

export const rabbitMqPublisherConfirms = defineScenario({
  id: 'rabbitmq-publisher-confirms',
  title: 'RabbitMQ: publisher confirms',
  summary: 'Full queues refuse orders and one is lost on the way: with publisher confirms the Shop gets basic.nack or no confirm and publishes again; without them the orders are silently gone.',
  broker: 'rabbitmq',
  entities: [
    { type: 'queue', name: 'orders', arguments: bounded },
    { type: 'queue', name: 'orders-confirmed', arguments: bounded, publisherConfirms: true },
  ],
  messages: [
    { type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId', description: 'An order, published without confirms.' },
    { type: 'OrderPlacedConfirmed', kind: 'event', to: 'orders-confirmed', keyField: 'orderId', description: 'The same order, published on a confirm-mode channel.' },
  ],
  services: [
    { name: 'Shop', handlers: [{ name: 'PlaceOrder', code: { source: placeOrder, file: 'Shop/PlaceOrder.ts' } }] },
    { name: 'Packing', handlers: [{ name: 'Pack', consumes: 'orders', code, options: { prefetch: 1 } }] },
    { name: 'Packing-Confirmed', handlers: [{ name: 'Pack', consumes: 'orders-confirmed', code, options: { prefetch: 1 } }] },
  ],
  workload: [{ kind: 'burst', service: 'Shop', handler: 'PlaceOrder', count: ORDERS, body: { orderId: 'order-{n}' } }],
  faults: [
    { type: 'drop', service: 'Shop', messageType: 'OrderPlaced', nth: ORDERS },
    { type: 'drop', service: 'Shop', messageType: 'OrderPlacedConfirmed', nth: ORDERS },
  ],
  checks: [
    { name: 'no-loss' },
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Packing-Confirmed', table: 'packed', expect: { count: ORDERS }, describe: 'with publisher confirms all 8 orders are packed' },
          { service: 'Packing', table: 'packed', expect: { count: ORDERS }, describe: 'without them all 8 orders are packed' },
        ],
      },
    },
  ],
  seeds: [1, 2, 3],
});
