import { defineHandler } from 'brokerlab';

// Gives the stock back by clearing the sku's counter: a declined order held its units, so
// after the release nothing of that sku is reserved — as long as no paid order holds the same sku.
export default defineHandler('ReleaseStock', async (msg, ctx) => {
  const { orderId } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    const r = tx.get('reservations', orderId);
    if (r) { const item = tx.get('stock', r.sku); tx.put('stock', r.sku, { ...item, reserved: 0 }); }
    tx.put('reservations', orderId, { ...(r ?? {}), status: 'released' });
    tx.inbox.record();
    tx.outbox.publish('StockReleased', msg.body);
    tx.saga.compensated('OrderSaga', orderId, 'stock-reserved');
  });
});
