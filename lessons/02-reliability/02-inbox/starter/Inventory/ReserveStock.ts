import { defineHandler } from 'brokerlab';

// Reserves stock for each placed order.
// The broker delivers at least once: this handler may see the same message twice.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.work(50); // talking to the warehouse takes a while
  await ctx.db.transaction(async (tx) => {
    const item = tx.get('stock', sku) ?? { onHand: 0, reserved: 0 };
    tx.put('stock', sku, { ...item, reserved: item.reserved + qty });
  });
});
