import { defineHandler } from 'brokerlab';

// v2 goes to a topic of its own, so v1 readers are never disturbed by it.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, currency } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, total, currency });
    tx.outbox.publish('OrderPlaced', { orderId, total, currency }, { version: 2, to: 'order-events-v2' });
  });
});
