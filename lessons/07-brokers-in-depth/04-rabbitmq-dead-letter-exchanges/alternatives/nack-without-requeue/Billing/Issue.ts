import { defineHandler } from 'brokerlab';

// basic.nack with requeue=false dead-letters just like basic.reject.
export default defineHandler('Issue', async (msg, ctx) => {
  const { invoiceId, amount, customer } = msg.body;
  if (!customer.vatNumber) {
    ctx.nack({ requeue: false });
    return;
  }
  await ctx.call('PdfRenderer', 'render', { invoiceId, amount }, { timeoutTicks: 2_000 });
  await ctx.db.put('invoices', invoiceId, { amount, vatNumber: customer.vatNumber });
});
