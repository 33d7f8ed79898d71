import { defineHandler } from 'brokerlab';

// Awards loyalty points for every placed order (subscribes to order-events).
export default defineHandler('AwardPoints', async (msg, ctx) => {
  const { customer, total } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    const account = tx.get('points', customer) ?? { points: 0, orders: 0 };
    tx.put('points', customer, { points: account.points + Math.floor(total / 10), orders: account.orders + 1 });
    tx.inbox.record();
  });
});
