import { defineHandler } from 'brokerlab';

// Publish first, then store: "if the publish fails, nothing is stored".
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  ctx.publish('OrderPlaced', order);
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
  });
});
