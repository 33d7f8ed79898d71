import { defineHandler } from 'brokerlab';

// Writes the end state the goal once named ("3 reserved") for the order's SKU, behind an
// inbox, instead of reserving what the order asked for.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { sku } = msg.body;
  await ctx.work(50);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    const item = tx.get('stock', sku) ?? { onHand: 0, reserved: 0 };
    tx.put('stock', sku, { ...item, reserved: 3 });
    tx.inbox.record();
  });
});
