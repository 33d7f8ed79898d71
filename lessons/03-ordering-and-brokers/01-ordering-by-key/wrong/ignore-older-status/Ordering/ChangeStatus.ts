import { defineHandler } from 'brokerlab';

// Entry point: an order's status changed. Publish it (outbox) for everyone who tracks orders.
// The record key picks the partition; a unique key per event spreads the load evenly...
export default defineHandler('ChangeStatus', async (request, ctx) => {
  const event = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', event.orderId, { status: event.status });
    tx.outbox.publish('OrderStatusChanged', event, { key: event.eventId });
  });
});
