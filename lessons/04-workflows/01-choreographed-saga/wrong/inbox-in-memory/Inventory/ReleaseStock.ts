import { defineHandler } from 'brokerlab';

// Compensation for "stock reserved": give the stock back and tell Ordering — once per order,
// remembered by the service.
const released = new Set<string>();

export default defineHandler('ReleaseStock', async (msg, ctx) => {
  const { orderId } = msg.body;
  if (released.has(orderId)) return;
  await ctx.db.transaction(async (tx) => {
    const r = tx.get('reservations', orderId);
    const item = tx.get('stock', r.sku);
    tx.put('stock', r.sku, { ...item, reserved: item.reserved - r.qty });
    tx.put('reservations', orderId, { ...r, status: 'released' });
    tx.outbox.publish('StockReleased', msg.body);
    tx.saga.compensated('OrderSaga', orderId, 'stock-reserved');
  });
  released.add(orderId);
});
