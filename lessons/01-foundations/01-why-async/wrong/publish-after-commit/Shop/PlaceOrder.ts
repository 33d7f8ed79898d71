import { defineHandler } from 'brokerlab';

// Store the order, then publish its event.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, amount } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, amount, status: 'accepted' });
  });
  ctx.publish('OrderPlaced', { orderId, amount });
  return { status: 202, orderId };
});
