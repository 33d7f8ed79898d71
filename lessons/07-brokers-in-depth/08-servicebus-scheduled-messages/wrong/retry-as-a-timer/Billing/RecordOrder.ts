import { defineHandler } from 'brokerlab';

// Fail the first attempt and let a 10-minute retry bring the order back for the reminder.
export default defineHandler('RecordOrder', async (msg, ctx) => {
  const order = msg.body;
  if (ctx.attempt === 1) {
    await ctx.db.transaction(async (tx) => {
      tx.put('orders', order.orderId, { email: order.email, totalCents: order.totalCents, placedAt: order.placedAt });
    });
    throw new Error('not yet: remind in 10 minutes');
  }
  ctx.send('SendReminder', { orderId: order.orderId });
}, { retry: { kind: 'interval', intervalTicks: 10 * 60_000, limit: 1 } });
