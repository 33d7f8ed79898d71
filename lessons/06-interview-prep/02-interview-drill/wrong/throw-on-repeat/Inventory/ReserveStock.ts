import { defineHandler } from 'brokerlab';

// Reserves stock once per order; a second copy of an order is an error and is reported.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.work(40);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(orderId)) throw new Error(`duplicate order ${orderId}`);
    const item = tx.get('stock', sku);
    tx.put('stock', sku, { reserved: item.reserved + qty });
    tx.inbox.record(orderId);
  });
});
