import { defineHandler } from 'brokerlab';

// Invoices an order — whether it learns of it from an OrderPlaced event or an InvoiceOrder
// command. Keyed by order id, so the same order is never invoiced twice.
export default defineHandler('Invoice', async (msg, ctx) => {
  const { orderId, total } = msg.body;
  await ctx.db.transaction(async (tx) => {
    if (tx.get('invoices', orderId)) return; // idempotent by business key
    tx.put('invoices', orderId, { total, from: msg.type });
  });
});
