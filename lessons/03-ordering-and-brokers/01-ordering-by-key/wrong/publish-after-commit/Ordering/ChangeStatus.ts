import { defineHandler } from 'brokerlab';

// Keyed by order — and published straight to Kafka once the status is stored.
export default defineHandler('ChangeStatus', async (request, ctx) => {
  const event = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', event.orderId, { status: event.status });
  });
  ctx.publish('OrderStatusChanged', event, { key: event.orderId });
});
