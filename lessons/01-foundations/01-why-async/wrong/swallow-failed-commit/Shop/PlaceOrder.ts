import { defineHandler } from 'brokerlab';

// The asynchronous shop — and an answer the customer always likes: if the database refuses
// the commit, log it and say 202 Accepted anyway.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, amount } = request.body;
  try {
    await ctx.db.transaction(async (tx) => {
      tx.put('orders', orderId, { orderId, amount, status: 'accepted' });
      tx.outbox.publish('OrderPlaced', { orderId, amount });
    });
  } catch (error) {
    ctx.log(`could not store ${orderId}: ${error}`);
  }
  return { status: 202, orderId };
});
