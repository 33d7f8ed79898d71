import { defineHandler } from 'brokerlab';

// Marks the order reserved when Inventory confirms.
export default defineHandler('MarkReserved', async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    const order = tx.get('orders', msg.body.orderId);
    tx.put('orders', msg.body.orderId, { ...order, status: 'reserved' });
  });
});
