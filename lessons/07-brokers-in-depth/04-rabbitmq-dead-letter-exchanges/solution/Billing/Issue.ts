import { defineHandler } from 'brokerlab';

// Issues the invoice of an order. An invoice without the customer's VAT number can never be
// issued, however often it is tried: reject it without requeue (basic.reject, requeue=false),
// so the queue's dead-letter exchange parks it at once with x-death reason "rejected". Any
// other failure still throws: nack with requeue=true, tried again.
export default defineHandler('Issue', async (msg, ctx) => {
  const { invoiceId, amount, customer } = msg.body;
  if (!customer.vatNumber) {
    ctx.reject({ requeue: false });
    return;
  }
  await ctx.call('PdfRenderer', 'render', { invoiceId, amount }, { timeoutTicks: 2_000 });
  await ctx.db.put('invoices', invoiceId, { amount, vatNumber: customer.vatNumber });
});
