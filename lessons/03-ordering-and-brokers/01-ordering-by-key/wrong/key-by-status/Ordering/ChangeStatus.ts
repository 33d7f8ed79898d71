import { defineHandler } from 'brokerlab';

// Key by status: all "placed" events together, all "paid" together…
export default defineHandler('ChangeStatus', async (request, ctx) => {
  const event = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', event.orderId, { status: event.status });
    tx.outbox.publish('OrderStatusChanged', event, { key: event.status });
  });
});
