import { defineHandler } from 'brokerlab';

// Invoices each placed order from data Invoicing already has: its own copy of the prices,
// fed by PriceChanged events. No call out while holding the message — Pricing may be down.
// The copy can lag (PriceChanged comes through another queue, and after a restart it may
// arrive later than the order): an order without a price yet waits in `unpriced`, and
// UpdatePrices invoices it when its price comes. Never a made-up amount, never a failure.
export default defineHandler('InvoiceOrder', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.db.transaction(async (tx) => {
    const row = tx.get('prices', sku);
    if (!row) tx.put('unpriced', orderId, { orderId, sku, qty });
    else tx.put('invoices', orderId, { orderId, sku, amount: row.price * qty });
  });
});
