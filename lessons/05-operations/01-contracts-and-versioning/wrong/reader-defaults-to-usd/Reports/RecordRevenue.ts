import { defineHandler } from 'brokerlab';

// Ordering stays on v1 (no currency), and Reports' default changes from EUR to USD, the
// currency of the orders in the demo.
export default defineHandler('RecordRevenue', async (msg, ctx) => {
  const { orderId, total } = msg.body;
  const currency = msg.body.currency ?? 'USD';
  await ctx.db.transaction(async (tx) => {
    tx.put('revenue', orderId, { total, currency });
  });
});
