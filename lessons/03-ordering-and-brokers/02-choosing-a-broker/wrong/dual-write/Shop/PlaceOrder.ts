import { defineHandler } from 'brokerlab';

// Store the order, then publish it with what the brokers route on.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
  });
  ctx.publish('OrderPlaced', order, { headers: { region: order.region }, routingKey: `order.placed.${order.region}` });
});
