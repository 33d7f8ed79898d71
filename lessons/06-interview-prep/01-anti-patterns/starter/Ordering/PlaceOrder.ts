import { defineHandler } from 'brokerlab';

// Stores the order and its OrderPlaced event in one transaction (outbox).
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order);
  });
});
