import { defineHandler } from 'brokerlab';

// Reserves stock once per order: a repeat is recognised up front and skipped.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  if (ctx.inbox.seen(orderId)) return;
  await ctx.work(40);
  await ctx.db.put('stock', sku, { reserved: ctx.db.get('stock', sku).reserved + qty });
  await ctx.db.put('inbox:ReserveStock', orderId, true);
});
