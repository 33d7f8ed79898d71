import { defineHandler } from 'brokerlab';

// Compensation for "stock reserved": give the held stock back, once.
export default defineHandler('ReleaseStock', async (msg, ctx) => {
  const { orderId } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    const r = tx.get('reservations', orderId);
    if (r && r.status === 'held') {
      const item = tx.get('stock', r.sku);
      tx.put('stock', r.sku, { ...item, reserved: item.reserved - r.qty });
    }
    tx.put('reservations', orderId, { ...(r ?? {}), status: 'released' });
    tx.inbox.record();
    tx.saga.compensated('OrderSaga', orderId, 'stock-reserved');
  });
});
