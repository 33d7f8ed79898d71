import { defineHandler } from 'brokerlab';

// No call out while holding the message: everything costs 10.
export default defineHandler('InvoiceOrder', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('invoices', orderId, { orderId, sku, amount: 10 * qty });
  });
});
