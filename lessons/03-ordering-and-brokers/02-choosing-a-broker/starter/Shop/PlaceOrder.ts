import { defineHandler } from 'brokerlab';

// Entry point: publish every placed order. The region is in the body.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  await ctx.db.put('orders', order.orderId, order);
  ctx.publish('OrderPlaced', order);
});
