import { defineHandler } from 'brokerlab';

// Ask Remind right away; it checks whether the order is paid.
export default defineHandler('RecordOrder', async (msg, ctx) => {
  const order = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, { email: order.email, totalCents: order.totalCents, placedAt: order.placedAt });
    tx.outbox.send('SendReminder', { orderId: order.orderId });
  });
});
