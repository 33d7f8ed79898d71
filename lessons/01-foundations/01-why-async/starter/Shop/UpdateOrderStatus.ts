import { defineHandler } from 'brokerlab';

// The order's status as the customer sees it: a read model, updated from Payments' events.
export default defineHandler('UpdateOrderStatus', async (msg, ctx) => {
  const { orderId, paymentId } = msg.body;
  await ctx.db.transaction(async (tx) => {
    const order = tx.get('orders', orderId);
    tx.put('orders', orderId, { ...order, status: 'paid', paymentId });
  });
});
