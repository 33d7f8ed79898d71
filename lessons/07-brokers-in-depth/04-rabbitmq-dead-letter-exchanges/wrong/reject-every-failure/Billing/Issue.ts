import { defineHandler } from 'brokerlab';

// Never loop: whatever goes wrong, reject the message to the dead-letter exchange.
export default defineHandler('Issue', async (msg, ctx) => {
  const { invoiceId, amount, customer } = msg.body;
  try {
    if (!customer.vatNumber) throw new Error(`${invoiceId}: ${customer.name} has no VAT number`);
    await ctx.call('PdfRenderer', 'render', { invoiceId, amount }, { timeoutTicks: 2_000 });
    await ctx.db.put('invoices', invoiceId, { amount, vatNumber: customer.vatNumber });
  } catch {
    ctx.reject({ requeue: false });
  }
});
