import { defineHandler } from 'brokerlab';

// Reserves stock for each placed order.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.work(40);
  await ctx.db.transaction(async (tx) => {
    const item = tx.get('stock', sku);
    tx.put('stock', sku, { reserved: item.reserved + qty });
  });
});
