import { defineHandler } from 'brokerlab';

// Keyed by the order, and a status that did not change is not announced again (a repeated
// request changes nothing).
export default defineHandler('ChangeStatus', async (request, ctx) => {
  const event = request.body;
  await ctx.db.transaction(async (tx) => {
    if (tx.get('orders', event.orderId)?.status === event.status) return;
    tx.put('orders', event.orderId, { status: event.status });
    tx.outbox.publish('OrderStatusChanged', event, { key: event.orderId });
  });
});
