import { defineHandler } from 'brokerlab';

// Entry point: the shop's API calls this for every new order.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
  });
  // The order is committed. Now tell the world — straight to the broker.
  ctx.publish('OrderPlaced', order);
});
