import { defineHandler } from 'brokerlab';

// Schedule the reminder first, then record the order: a crash in between schedules it twice on
// redelivery, which Remind tolerates (it reminds a customer once), and Remind fails — and is
// retried — if the order is not recorded yet when it is due.
export default defineHandler('RecordOrder', async (msg, ctx) => {
  const order = msg.body;
  ctx.send('SendReminder', { orderId: order.orderId }, { delayTicks: order.placedAt + 10 * 60_000 - ctx.now() });
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, { email: order.email, totalCents: order.totalCents, placedAt: order.placedAt });
  });
});
