import { defineHandler } from 'brokerlab';

// The outbox row is written — but in a transaction of its own, after the order's.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
  });
  await ctx.db.transaction(async (tx) => {
    tx.outbox.publish('OrderPlaced', order);
  });
});
