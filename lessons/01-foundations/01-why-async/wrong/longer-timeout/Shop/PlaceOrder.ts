import { defineHandler } from 'brokerlab';

// The calls time out? Wait longer: 30 s instead of 1 s.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, amount } = request.body;
  const payment = await ctx.call('Payments', 'Charge', { orderId, amount }, { timeoutTicks: 30_000 });
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, amount, status: 'paid', paymentId: payment.paymentId });
  });
  return { status: 201, orderId };
});
