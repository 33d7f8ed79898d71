import { defineHandler } from 'brokerlab';

// Keeps the local copy of the prices and invoices the orders waiting for this SKU.
export default defineHandler('UpdatePrices', async (msg, ctx) => {
  const { sku, price } = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('prices', sku, { price });
    for (const o of tx.get('waiting', sku) ?? []) tx.put('invoices', o.orderId, { orderId: o.orderId, sku, amount: price * o.qty });
    tx.delete('waiting', sku);
  });
});
