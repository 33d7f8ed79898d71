import { defineHandler } from 'brokerlab';

// Ask Pricing; if it is down, skip the order rather than dead-letter it.
export default defineHandler('InvoiceOrder', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  let price: number;
  try {
    price = (await ctx.call('Pricing', 'GetPrice', { sku }, { timeoutTicks: 500 })).price;
  } catch {
    ctx.log(`Pricing unavailable, skipping ${orderId}`);
    return;
  }
  await ctx.db.transaction(async (tx) => {
    tx.put('invoices', orderId, { orderId, sku, amount: price * qty });
  });
});
