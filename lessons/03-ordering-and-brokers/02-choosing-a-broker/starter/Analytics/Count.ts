import { defineHandler } from 'brokerlab';

// Counts every order and adds up its revenue, once per message id.
export default defineHandler('Count', async (msg, ctx) => {
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    const c = tx.get('counts', 'all') ?? { orders: 0, revenue: 0 };
    tx.put('counts', 'all', { orders: c.orders + 1, revenue: c.revenue + msg.body.total });
    tx.inbox.record();
  });
});
