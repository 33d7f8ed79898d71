import { defineHandler } from 'brokerlab';

// Record the order, wait 10 minutes, then ask Remind to check.
export default defineHandler('RecordOrder', async (msg, ctx) => {
  const order = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, { email: order.email, totalCents: order.totalCents, placedAt: order.placedAt });
  });
  await ctx.work(10 * 60_000);
  ctx.send('SendReminder', { orderId: order.orderId });
});
