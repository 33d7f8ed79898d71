import { defineHandler } from 'brokerlab';

// Billing reads v1, so the safest change is no change: keep publishing v1, without currency.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, total });
    tx.outbox.publish('OrderPlaced', { orderId, total }, { version: 1 });
  });
});
