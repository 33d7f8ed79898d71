import { defineHandler } from 'brokerlab';

// Wait a minute in the handler (a short wait is harmless), then schedule the remaining nine.
export default defineHandler('RecordOrder', async (msg, ctx) => {
  const order = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, { email: order.email, totalCents: order.totalCents, placedAt: order.placedAt });
  });
  await ctx.work(60_000);
  await ctx.db.transaction(async (tx) => {
    tx.outbox.send('SendReminder', { orderId: order.orderId }, { delayTicks: 9 * 60_000 });
  });
});
