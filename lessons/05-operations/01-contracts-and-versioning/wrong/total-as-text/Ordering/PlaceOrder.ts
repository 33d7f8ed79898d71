import { defineHandler } from 'brokerlab';

// v2 of OrderPlaced: totals with their currency, and the total formatted the way the invoice
// prints it ("25.00").
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, currency } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, total, currency });
    tx.outbox.publish('OrderPlaced', { orderId, total: total.toFixed(2), currency }, { version: 2 });
  });
});
