import { defineHandler } from 'brokerlab';

// Invoicing's own copy of the prices, kept up to date from Pricing's events; orders that
// were waiting for this SKU's price are invoiced now.
export default defineHandler('UpdatePrices', async (msg, ctx) => {
  const { sku, price } = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('prices', sku, { price });
    for (const orderId of tx.keys('unpriced')) {
      const o = tx.get('unpriced', orderId);
      if (o.sku !== sku) continue;
      tx.put('invoices', orderId, { orderId, sku, amount: price * o.qty });
      tx.delete('unpriced', orderId);
    }
  });
});
