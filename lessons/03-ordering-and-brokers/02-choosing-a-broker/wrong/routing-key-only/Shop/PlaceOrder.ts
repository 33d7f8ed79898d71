import { defineHandler } from 'brokerlab';

// Brokers route by key: give the message a routing key with the region.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order, { routingKey: `order.placed.${order.region}` });
  });
});
