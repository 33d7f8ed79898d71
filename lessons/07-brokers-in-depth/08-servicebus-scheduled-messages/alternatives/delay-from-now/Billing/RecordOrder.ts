import { defineHandler } from 'brokerlab';

// Schedule the reminder 10 minutes from now (the order arrived a moment ago).
export default defineHandler('RecordOrder', async (msg, ctx) => {
  const order = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, { email: order.email, totalCents: order.totalCents, placedAt: order.placedAt });
    tx.outbox.send('SendReminder', { orderId: order.orderId }, { delayTicks: 10 * 60_000 });
  });
});
