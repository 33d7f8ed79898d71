import { defineHandler } from 'brokerlab';

// Invoices each order from Invoicing's own copy of the prices. A missing price is an error:
// throw, and the broker delivers the order again later.
export default defineHandler('InvoiceOrder', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.db.transaction(async (tx) => {
    const row = tx.get('prices', sku);
    if (!row) throw new Error(`no price for ${sku} yet`);
    tx.put('invoices', orderId, { orderId, sku, amount: row.price * qty });
  });
});
