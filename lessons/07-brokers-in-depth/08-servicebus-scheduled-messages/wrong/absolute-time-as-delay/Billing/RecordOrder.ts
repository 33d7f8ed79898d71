import { defineHandler } from 'brokerlab';

// Schedule the reminder for the due time (placed + 10 minutes).
export default defineHandler('RecordOrder', async (msg, ctx) => {
  const order = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, { email: order.email, totalCents: order.totalCents, placedAt: order.placedAt });
    tx.outbox.send('SendReminder', { orderId: order.orderId }, { delayTicks: order.placedAt + 10 * 60_000 });
  });
});
