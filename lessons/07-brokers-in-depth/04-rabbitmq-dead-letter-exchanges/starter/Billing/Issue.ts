import { defineHandler } from 'brokerlab';

// Issues the invoice of an order. An invoice needs the customer's VAT number; without one it
// throws — and a handler that throws is answered with basic.nack(requeue=true).
export default defineHandler('Issue', async (msg, ctx) => {
  const { invoiceId, amount, customer } = msg.body;
  if (!customer.vatNumber) throw new Error(`${invoiceId}: ${customer.name} has no VAT number`);
  await ctx.call('PdfRenderer', 'render', { invoiceId, amount }, { timeoutTicks: 2_000 });
  await ctx.db.put('invoices', invoiceId, { amount, vatNumber: customer.vatNumber });
});
