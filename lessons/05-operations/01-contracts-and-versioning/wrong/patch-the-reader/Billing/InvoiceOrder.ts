import { defineHandler } from 'brokerlab';

// Billing, made tolerant of the rename: read `amount`, fall back to `total`.
export default defineHandler('InvoiceOrder', async (msg, ctx) => {
  const { orderId } = msg.body;
  const total = msg.body.amount ?? msg.body.total;
  await ctx.db.transaction(async (tx) => {
    tx.put('invoices', orderId, { orderId, total });
  });
});
