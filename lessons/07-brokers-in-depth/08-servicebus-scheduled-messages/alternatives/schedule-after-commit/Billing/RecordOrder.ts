import { defineHandler } from 'brokerlab';

// Record the order, then schedule its reminder. A crash between the two leaves the order
// uncompleted: it is delivered again, recorded again (the same row) and scheduled then.
export default defineHandler('RecordOrder', async (msg, ctx) => {
  const order = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, { email: order.email, totalCents: order.totalCents, placedAt: order.placedAt });
  });
  ctx.send('SendReminder', { orderId: order.orderId }, { delayTicks: order.placedAt + 10 * 60_000 - ctx.now() });
});
