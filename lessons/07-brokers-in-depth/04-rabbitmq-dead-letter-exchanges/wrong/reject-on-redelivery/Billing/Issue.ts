import { defineHandler } from 'brokerlab';

// Give every message a second chance: if it fails again on redelivery, reject it.
export default defineHandler('Issue', async (msg, ctx) => {
  const { invoiceId, amount, customer } = msg.body;
  try {
    if (!customer.vatNumber) throw new Error(`${invoiceId}: ${customer.name} has no VAT number`);
    await ctx.call('PdfRenderer', 'render', { invoiceId, amount }, { timeoutTicks: 2_000 });
    await ctx.db.put('invoices', invoiceId, { amount, vatNumber: customer.vatNumber });
  } catch (error) {
    if (msg.broker.redelivered) return ctx.reject({ requeue: false });
    throw error;
  }
});
