import { defineHandler } from 'brokerlab';

// Pricing restarts now and then: retry the call with exponential backoff instead of failing.
export default defineHandler('InvoiceOrder', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  const { price } = await ctx.call('Pricing', 'GetPrice', { sku }, { timeoutTicks: 500 });
  await ctx.db.transaction(async (tx) => {
    tx.put('invoices', orderId, { orderId, sku, amount: price * qty });
  });
}, { retry: { kind: 'exponential', limit: 5, baseTicks: 200, capTicks: 2000 } });
