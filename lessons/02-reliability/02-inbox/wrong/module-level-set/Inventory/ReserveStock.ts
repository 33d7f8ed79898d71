import { defineHandler } from 'brokerlab';

// An inbox in memory: fast, no table, no transaction needed.
const processed = new Set<string>();

export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  if (processed.has(msg.id)) return;
  await ctx.work(50);
  await ctx.db.transaction(async (tx) => {
    const item = tx.get('stock', sku) ?? { onHand: 0, reserved: 0 };
    tx.put('stock', sku, { ...item, reserved: item.reserved + qty });
  });
  processed.add(msg.id);
});
