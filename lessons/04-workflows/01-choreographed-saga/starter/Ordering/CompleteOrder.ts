import { defineHandler } from 'brokerlab';

export default defineHandler('CompleteOrder', async (msg, ctx) => {
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    const order = tx.get('orders', msg.body.orderId);
    tx.put('orders', msg.body.orderId, { ...order, status: 'completed' });
    tx.inbox.record();
  });
});
