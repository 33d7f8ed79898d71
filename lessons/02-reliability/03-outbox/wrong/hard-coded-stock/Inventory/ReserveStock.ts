import { defineHandler } from 'brokerlab';

// Once per order, and through the outbox — but it writes the count the goal once named
// ("3 reserved") instead of adding the order's quantity.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.work(30);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(orderId)) return;
    tx.put('stock', sku, { reserved: 3 });
    tx.put('reservations', orderId, { sku, qty });
    tx.inbox.record(orderId);
    tx.outbox.publish('StockReserved', { orderId });
  });
});
