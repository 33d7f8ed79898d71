import { defineHandler } from 'brokerlab';

// Awards the order's points once: the message id is recorded in the inbox in the same
// transaction as the points, and a message already recorded is skipped.
export default defineHandler('Award', async (msg, ctx) => {
  const { customer, points } = msg.body;
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    const account = tx.get('points', customer) ?? { total: 0 };
    tx.put('points', customer, { total: account.total + points });
    tx.inbox.record();
  });
});
