import { defineHandler } from 'brokerlab';

// Invoices each placed order from data Invoicing already has: its own copy of the prices,
// fed by PriceChanged events. No call out while holding the message — Pricing may be down.
export default defineHandler('InvoiceOrder', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.db.transaction(async (tx) => {
    const row = tx.get('prices', sku);
    if (!row) throw new Error(`no price for ${sku} yet`); // redelivered at once (no backoff here): dead-lettered within ms if the price never comes
    tx.put('invoices', orderId, { orderId, amount: row.price * qty });
  });
});
