import { defineHandler } from 'brokerlab';

// Check early, record in the same transaction as the effect. Two copies racing both pass the
// early check; the inbox's unique key rolls the second one's transaction back.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.work(50);
  await ctx.db.transaction(async (tx) => {
    const item = tx.get('stock', sku) ?? { onHand: 0, reserved: 0 };
    tx.put('stock', sku, { ...item, reserved: item.reserved + qty });
    tx.inbox.record();
  });
});
