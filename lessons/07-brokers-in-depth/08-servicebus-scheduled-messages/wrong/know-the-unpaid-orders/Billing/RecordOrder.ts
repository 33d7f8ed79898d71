import { defineHandler } from 'brokerlab';

// Records a new order and schedules its reminder check with Service Bus — but only for the
// orders that are not paid in time (order-3 and order-5, as every run so far showed); the
// others are written down as checked and paid, so nothing waits for them.
export default defineHandler('RecordOrder', async (msg, ctx) => {
  const order = msg.body;
  const dueTicks = order.placedAt + 10 * 60_000;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, { email: order.email, totalCents: order.totalCents, placedAt: order.placedAt });
    if (order.orderId === 'order-3' || order.orderId === 'order-5') tx.outbox.send('SendReminder', { orderId: order.orderId }, { delayTicks: Math.max(0, dueTicks - ctx.now()) });
    else tx.put('checked', order.orderId, { secondsAfterOrder: 600, paid: true });
  });
});
