import { defineHandler } from 'brokerlab';

// Adding a field is additive, and Billing reads v1 — so add currency and leave the version alone:
// no reader has to know anything changed.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, currency } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, total, currency });
    tx.outbox.publish('OrderPlaced', { orderId, total, currency });
  });
});
