import { defineHandler } from 'brokerlab';

// Deduplicate on what the message is about: the stock item.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.work(50);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(sku)) return;
    const item = tx.get('stock', sku) ?? { onHand: 0, reserved: 0 };
    tx.put('stock', sku, { ...item, reserved: item.reserved + qty });
    tx.inbox.record(sku);
  });
});
