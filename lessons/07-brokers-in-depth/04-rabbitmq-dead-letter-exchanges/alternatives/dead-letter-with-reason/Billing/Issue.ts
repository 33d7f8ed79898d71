import { defineHandler } from 'brokerlab';

// ctx.deadLetter is basic.reject(requeue=false) on RabbitMQ: the DLX gets it at once.
export default defineHandler('Issue', async (msg, ctx) => {
  const { invoiceId, amount, customer } = msg.body;
  if (!customer.vatNumber) return ctx.deadLetter('vat-number-missing', `${invoiceId}: ${customer.name} has no VAT number`);
  await ctx.call('PdfRenderer', 'render', { invoiceId, amount }, { timeoutTicks: 2_000 });
  await ctx.db.put('invoices', invoiceId, { amount, vatNumber: customer.vatNumber });
});
