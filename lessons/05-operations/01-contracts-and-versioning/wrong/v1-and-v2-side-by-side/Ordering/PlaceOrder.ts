import { defineHandler } from 'brokerlab';

// Run both versions side by side until every reader has moved: v1 for Billing, v2 for Reports.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, currency } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, total, currency });
    tx.outbox.publish('OrderPlaced', { orderId, total }, { version: 1 });
    tx.outbox.publish('OrderPlaced', { orderId, total, currency }, { version: 2 });
  });
});
