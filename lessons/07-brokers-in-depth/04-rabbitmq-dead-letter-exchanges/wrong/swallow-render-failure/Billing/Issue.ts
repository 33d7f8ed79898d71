import { defineHandler } from 'brokerlab';

// Reject the invoice without a VAT number at once; a failed render is logged, the invoice issued anyway.
export default defineHandler('Issue', async (msg, ctx) => {
  const { invoiceId, amount, customer } = msg.body;
  if (!customer.vatNumber) {
    ctx.reject({ requeue: false });
    return;
  }
  try {
    await ctx.call('PdfRenderer', 'render', { invoiceId, amount }, { timeoutTicks: 2_000 });
  } catch (e) {
    ctx.log('render failed, issuing anyway: ' + e);
  }
  await ctx.db.put('invoices', invoiceId, { amount, vatNumber: customer.vatNumber });
});
