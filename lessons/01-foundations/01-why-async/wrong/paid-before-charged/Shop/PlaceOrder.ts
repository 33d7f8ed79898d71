import { defineHandler } from 'brokerlab';

// The customer wants to see "paid", so store the order as paid straight away and let Payments
// charge the card in the background.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, amount } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, amount, status: 'paid' });
    tx.outbox.publish('OrderPlaced', { orderId, amount });
  });
  return { status: 202, orderId };
});
