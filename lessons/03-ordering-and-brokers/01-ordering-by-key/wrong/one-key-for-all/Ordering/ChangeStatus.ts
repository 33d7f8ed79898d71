import { defineHandler } from 'brokerlab';

// One key for every record: one partition, so everything is in order.
export default defineHandler('ChangeStatus', async (request, ctx) => {
  const event = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', event.orderId, { status: event.status });
    tx.outbox.publish('OrderStatusChanged', event, { key: 'order-status' });
  });
});
