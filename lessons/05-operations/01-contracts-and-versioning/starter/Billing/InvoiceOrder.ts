import { defineHandler } from 'brokerlab';

// Billing was built against OrderPlaced v1 { orderId, total } and is not redeployed this week.
// (scenario: expects { OrderPlaced: 1 } — the body is read with the v1 contract first.)
export default defineHandler('InvoiceOrder', async (msg, ctx) => {
  const { orderId, total } = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('invoices', orderId, { orderId, total });
  });
});
