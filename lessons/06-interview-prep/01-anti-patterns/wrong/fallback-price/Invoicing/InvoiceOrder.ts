import { defineHandler } from 'brokerlab';

// Ask Pricing; if it is down, fall back to the usual price rather than fail the order.
export default defineHandler('InvoiceOrder', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  let price = 10;
  try {
    price = (await ctx.call('Pricing', 'GetPrice', { sku }, { timeoutTicks: 500 })).price;
  } catch {
    ctx.log(`Pricing unavailable, invoicing ${orderId} at the default price`);
  }
  await ctx.db.transaction(async (tx) => {
    tx.put('invoices', orderId, { orderId, sku, amount: price * qty });
  });
});
