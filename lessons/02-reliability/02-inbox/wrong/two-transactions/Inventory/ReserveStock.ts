import { defineHandler } from 'brokerlab';

// The inbox is a table — written once the stock is reserved, in its own transaction.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.work(50);
  await ctx.db.transaction(async (tx) => {
    const item = tx.get('stock', sku) ?? { onHand: 0, reserved: 0 };
    tx.put('stock', sku, { ...item, reserved: item.reserved + qty });
  });
  await ctx.db.transaction(async (tx) => {
    tx.inbox.record();
  });
});
