import { defineHandler } from 'brokerlab';

// Reserves stock once per order (an inbox guards against redeliveries and re-publishes), keeps
// the reservation under the order id, and answers through its own outbox.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.work(30);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(orderId)) return;
    const item = tx.get('stock', sku);
    tx.put('stock', sku, { ...item, reserved: item.reserved + qty });
    tx.put('reservations', orderId, { sku, qty });
    tx.inbox.record(orderId);
    tx.outbox.publish('StockReserved', { orderId });
  });
});
