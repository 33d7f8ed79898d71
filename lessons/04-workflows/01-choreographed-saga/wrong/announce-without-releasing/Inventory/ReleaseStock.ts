import { defineHandler } from 'brokerlab';

// Compensation for "stock reserved": mark the reservation released and tell Ordering.
export default defineHandler('ReleaseStock', async (msg, ctx) => {
  const { orderId } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    const r = tx.get('reservations', orderId);
    tx.put('reservations', orderId, { ...(r ?? {}), status: 'released' });
    tx.inbox.record();
    tx.outbox.publish('StockReleased', msg.body);
    tx.saga.compensated('OrderSaga', orderId, 'stock-reserved');
  });
});
