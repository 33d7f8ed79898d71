import { defineHandler } from 'brokerlab';

// Deduplicate by the business key: one reservation per order, whichever message carries it.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.work(50);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(orderId)) return;
    const item = tx.get('stock', sku) ?? { onHand: 0, reserved: 0 };
    tx.put('stock', sku, { ...item, reserved: item.reserved + qty });
    tx.inbox.record(orderId);
  });
});
