import { defineHandler } from 'brokerlab';

// Reject the invoice without a VAT number at once; issue the others.
export default defineHandler('Issue', async (msg, ctx) => {
  const { invoiceId, amount, customer } = msg.body;
  if (!customer.vatNumber) {
    ctx.reject({ requeue: false });
    return;
  }
  await ctx.db.put('invoices', invoiceId, { amount, vatNumber: customer.vatNumber });
});
