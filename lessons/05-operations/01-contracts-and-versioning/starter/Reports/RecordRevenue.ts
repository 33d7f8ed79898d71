import { defineHandler } from 'brokerlab';

// Reports reads v2 and tolerates v1 messages: currency is optional, EUR when absent.
export default defineHandler('RecordRevenue', async (msg, ctx) => {
  const { orderId, total } = msg.body;
  const currency = msg.body.currency ?? 'EUR';
  await ctx.db.transaction(async (tx) => {
    tx.put('revenue', orderId, { total, currency });
  });
});
