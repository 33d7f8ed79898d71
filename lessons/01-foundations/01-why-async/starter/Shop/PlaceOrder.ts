import { defineHandler } from 'brokerlab';

// The shop's API: a customer places an order and waits for the answer.
// Today it charges the card synchronously and only then stores the order.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, amount } = request.body;
  const payment = await ctx.call('Payments', 'Charge', { orderId, amount }, { timeoutTicks: 1000 });
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, amount, status: 'paid', paymentId: payment.paymentId });
  });
  return { status: 201, orderId };
});
