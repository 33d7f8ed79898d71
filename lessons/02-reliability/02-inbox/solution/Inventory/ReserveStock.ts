import { defineHandler } from 'brokerlab';

// Reserves stock for each placed order, once per message however often it is delivered.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  if (ctx.inbox.seen()) return; // cheap early exit; the real guard is inside the transaction
  await ctx.work(50);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return; // a copy that raced us already committed
    const item = tx.get('stock', sku) ?? { onHand: 0, reserved: 0 };
    tx.put('stock', sku, { ...item, reserved: item.reserved + qty });
    tx.inbox.record(); // same transaction as the effect: both happen, or neither
  });
});
