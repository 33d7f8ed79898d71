import { defineHandler } from 'brokerlab';

// Orders already reserved, remembered by the service: a repeat is skipped.
const reserved = new Set<string>();

export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.work(40);
  if (reserved.has(orderId)) return;
  await ctx.db.transaction(async (tx) => {
    const item = tx.get('stock', sku);
    tx.put('stock', sku, { reserved: item.reserved + qty });
  });
  reserved.add(orderId);
});
