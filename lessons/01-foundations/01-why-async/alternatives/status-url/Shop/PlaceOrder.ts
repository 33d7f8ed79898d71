import { defineHandler } from 'brokerlab';

// Accept the order, queue its payment through the outbox, and tell the customer where to watch it.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, amount } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.outbox.publish('OrderPlaced', { orderId, amount });
    tx.put('orders', orderId, { orderId, amount, status: 'payment-pending', acceptedAt: ctx.now() });
  });
  return { status: 202, orderId, statusUrl: `/orders/${orderId}` };
});
