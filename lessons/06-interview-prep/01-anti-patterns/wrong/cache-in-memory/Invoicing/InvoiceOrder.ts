import { defineHandler } from 'brokerlab';

// Cache-aside: ask Pricing once per SKU and remember the answer, so a Pricing outage later
// does not matter.
const prices = new Map<string, number>();

export default defineHandler('InvoiceOrder', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  if (!prices.has(sku)) prices.set(sku, (await ctx.call('Pricing', 'GetPrice', { sku }, { timeoutTicks: 500 })).price);
  const price = prices.get(sku)!;
  await ctx.db.transaction(async (tx) => {
    tx.put('invoices', orderId, { orderId, sku, amount: price * qty });
  });
});
