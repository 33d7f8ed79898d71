import { defineHandler } from 'brokerlab';

// Awards the order's points to its customer.
export default defineHandler('Award', async (msg, ctx) => {
  const { customer, points } = msg.body;
  await ctx.db.transaction(async (tx) => {
    const account = tx.get('points', customer) ?? { total: 0 };
    tx.put('points', customer, { total: account.total + points });
  });
});
