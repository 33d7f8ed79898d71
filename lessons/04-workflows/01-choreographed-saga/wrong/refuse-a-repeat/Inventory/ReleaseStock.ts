import { defineHandler } from 'brokerlab';

// Compensation for "stock reserved": only a held reservation can be released — anything else
// is an error.
export default defineHandler('ReleaseStock', async (msg, ctx) => {
  const { orderId } = msg.body;
  await ctx.db.transaction(async (tx) => {
    const r = tx.get('reservations', orderId);
    if (!r || r.status !== 'held') throw new Error(`reservation of ${orderId} is not held`);
    const item = tx.get('stock', r.sku);
    tx.put('stock', r.sku, { ...item, reserved: item.reserved - r.qty });
    tx.put('reservations', orderId, { ...r, status: 'released' });
    tx.outbox.publish('StockReleased', msg.body);
    tx.saga.compensated('OrderSaga', orderId, 'stock-reserved');
  });
});
