import { defineHandler } from 'brokerlab';

// Entry point: an order's status changed. Key the record by the aggregate — the order id — so
// all of one order's events land on the same partition and are processed in order. Different
// orders still spread over the partitions.
export default defineHandler('ChangeStatus', async (request, ctx) => {
  const event = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', event.orderId, { status: event.status });
    tx.outbox.publish('OrderStatusChanged', event, { key: event.orderId });
  });
});
