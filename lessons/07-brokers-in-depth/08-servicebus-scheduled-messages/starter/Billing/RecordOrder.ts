import { defineHandler } from 'brokerlab';

// Records a new order. If its customer has not paid 10 minutes later, Remind e-mails them a
// reminder — so 10 minutes after recording it, this handler asks Remind to check.
export default defineHandler('RecordOrder', async (msg, ctx) => {
  const order = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, { email: order.email, totalCents: order.totalCents, placedAt: order.placedAt });
  });
  await ctx.work(10 * 60_000); // wait 10 minutes
  ctx.send('SendReminder', { orderId: order.orderId });
});
