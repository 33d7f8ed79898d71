import { defineHandler } from 'brokerlab';

// Ships an order. Two instances compete for the shipping queue; each command is taken by one.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId, customer } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.work(30);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.put('shipments', orderId, { customer });
    tx.inbox.record();
  });
});
