import { defineHandler } from 'brokerlab';

// Compensation for "stock reserved", idempotent by business state instead of an inbox: only a
// reservation that is still held is released and announced; a repeat finds it released and
// does nothing. The state change and the announcement commit together (outbox).
export default defineHandler('ReleaseStock', async (msg, ctx) => {
  const { orderId } = msg.body;
  await ctx.db.transaction(async (tx) => {
    const r = tx.get('reservations', orderId);
    if (!r || r.status !== 'held') return;
    const item = tx.get('stock', r.sku);
    tx.put('stock', r.sku, { ...item, reserved: item.reserved - r.qty });
    tx.put('reservations', orderId, { ...r, status: 'released' });
    tx.outbox.publish('StockReleased', msg.body);
    tx.saga.compensated('OrderSaga', orderId, 'stock-reserved');
  });
});
