import { defineHandler } from 'brokerlab';

// Invoices every order, once per order id.
export default defineHandler('Invoice', async (msg, ctx) => {
  const { orderId, total } = msg.body;
  await ctx.db.transaction(async (tx) => {
    if (tx.get('invoices', orderId)) return;
    tx.put('invoices', orderId, { total });
  });
});
