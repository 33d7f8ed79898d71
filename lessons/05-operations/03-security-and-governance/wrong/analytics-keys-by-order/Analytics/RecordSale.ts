import { defineHandler } from 'brokerlab';

// Analytics needs no personal data at all: it records each sale under the order id as its
// customer key, and never looks at the e-mail.
export default defineHandler('RecordSale', async (msg, ctx) => {
  const { orderId, total } = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('sales', orderId, { total, customer: orderId });
  });
});
