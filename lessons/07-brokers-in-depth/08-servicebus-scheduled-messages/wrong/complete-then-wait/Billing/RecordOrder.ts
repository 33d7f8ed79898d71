import { defineHandler } from 'brokerlab';

// Complete the order at once so its lock cannot be lost, then wait 10 minutes in memory.
export default defineHandler('RecordOrder', async (msg, ctx) => {
  const order = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, { email: order.email, totalCents: order.totalCents, placedAt: order.placedAt });
  });
  ctx.complete();
  await ctx.work(10 * 60_000);
  ctx.send('SendReminder', { orderId: order.orderId });
}, { concurrency: 16 });
