import { defineHandler } from 'brokerlab';

// Prices from Invoicing's own copy; an order that comes before its price joins the SKU's
// waiting list, which UpdatePrices works off when the price arrives.
export default defineHandler('InvoiceOrder', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  await ctx.db.transaction(async (tx) => {
    const known = tx.get('prices', sku);
    if (known) {
      tx.put('invoices', orderId, { orderId, sku, amount: known.price * qty });
      return;
    }
    const waiting = tx.get('waiting', sku) ?? [];
    if (!waiting.some((o: { orderId: string }) => o.orderId === orderId)) tx.put('waiting', sku, [...waiting, { orderId, qty }]);
  });
});
