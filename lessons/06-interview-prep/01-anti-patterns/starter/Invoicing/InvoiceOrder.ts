import { defineHandler } from 'brokerlab';

// Invoices each placed order. To price it, it asks Pricing — synchronously, from inside
// the consumer, while holding the message.
export default defineHandler('InvoiceOrder', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  const { price } = await ctx.call('Pricing', 'GetPrice', { sku }, { timeoutTicks: 500 });
  await ctx.db.transaction(async (tx) => {
    tx.put('invoices', orderId, { orderId, sku, amount: price * qty });
  });
});
