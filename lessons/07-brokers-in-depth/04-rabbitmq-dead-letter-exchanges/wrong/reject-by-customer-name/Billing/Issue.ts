import { defineHandler } from 'brokerlab';

// Nordwind GmbH never sent its VAT number: reject its invoices without requeue, so the
// dead-letter exchange parks them at once.
export default defineHandler('Issue', async (msg, ctx) => {
  const { invoiceId, amount, customer } = msg.body;
  if (customer.name === 'Nordwind GmbH') {
    ctx.reject({ requeue: false });
    return;
  }
  await ctx.call('PdfRenderer', 'render', { invoiceId, amount }, { timeoutTicks: 2_000 });
  await ctx.db.put('invoices', invoiceId, { amount, vatNumber: customer.vatNumber });
});
