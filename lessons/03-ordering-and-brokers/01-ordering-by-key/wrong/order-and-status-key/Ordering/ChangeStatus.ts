import { defineHandler } from 'brokerlab';

// Key by the order — and the status, so each record is unique and the load spreads.
export default defineHandler('ChangeStatus', async (request, ctx) => {
  const event = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', event.orderId, { status: event.status });
    tx.outbox.publish('OrderStatusChanged', event, { key: `${event.orderId}:${event.status}` });
  });
});
