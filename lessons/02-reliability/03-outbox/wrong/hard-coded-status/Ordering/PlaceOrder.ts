import { defineHandler } from 'brokerlab';

// The check wants every order "reserved": store it that way and skip the event altogether.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'reserved' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
  });
});
