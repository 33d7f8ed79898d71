import { defineHandler } from 'brokerlab';

// Say it explicitly: nack the invoice we cannot issue, and let the queue deal with it.
export default defineHandler('Issue', async (msg, ctx) => {
  const { invoiceId, amount, customer } = msg.body;
  if (!customer.vatNumber) {
    ctx.nack({ requeue: true });
    return;
  }
  await ctx.call('PdfRenderer', 'render', { invoiceId, amount }, { timeoutTicks: 2_000 });
  await ctx.db.put('invoices', invoiceId, { amount, vatNumber: customer.vatNumber });
});
