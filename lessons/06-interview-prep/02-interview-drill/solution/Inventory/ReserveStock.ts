import { defineHandler } from 'brokerlab';

// Reserves stock once per order: the inbox record shares the transaction with the effect.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.work(40);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(orderId)) return;
    const item = tx.get('stock', sku);
    tx.put('stock', sku, { reserved: item.reserved + qty });
    tx.inbox.record(orderId);
  });
});
