import { defineHandler } from 'brokerlab';

// The shop's API answers at once: the order is accepted, its event stored in the same
// transaction (outbox), and Payments charges the card when it can. The customer sees the
// status change to "paid" through the read model that UpdateOrderStatus keeps.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, amount } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, amount, status: 'accepted' });
    tx.outbox.publish('OrderPlaced', { orderId, amount });
  });
  return { status: 202, orderId };
});
