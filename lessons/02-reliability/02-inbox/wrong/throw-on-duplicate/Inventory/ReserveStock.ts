import { defineHandler } from 'brokerlab';

// Refuse a duplicate loudly: throw, so the broker knows it was not wanted.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.work(50);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) throw new Error(`duplicate ${msg.id}`);
    const item = tx.get('stock', sku) ?? { onHand: 0, reserved: 0 };
    tx.put('stock', sku, { ...item, reserved: item.reserved + qty });
    tx.inbox.record();
  });
});
