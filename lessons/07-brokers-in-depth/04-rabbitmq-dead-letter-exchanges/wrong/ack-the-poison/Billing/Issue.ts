import { defineHandler } from 'brokerlab';

// No loops and no dead letters to look after: skip what cannot be issued.
export default defineHandler('Issue', async (msg, ctx) => {
  const { invoiceId, amount, customer } = msg.body;
  if (!customer.vatNumber) return; // acked: gone
  await ctx.call('PdfRenderer', 'render', { invoiceId, amount }, { timeoutTicks: 2_000 });
  await ctx.db.put('invoices', invoiceId, { amount, vatNumber: customer.vatNumber });
});
