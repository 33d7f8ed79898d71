import { defineHandler } from 'brokerlab';

// The outbox row first, then the order: inside one transaction the order of writes does not
// matter — the commit makes both visible at once, or neither. A repeated request changes nothing.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, sku, qty } = request.body;
  await ctx.db.transaction(async (tx) => {
    if (tx.get('orders', orderId)) return;
    tx.outbox.publish('OrderPlaced', { orderId, sku, qty, status: 'placed' });
    tx.put('orders', orderId, { orderId, sku, qty, status: 'placed' });
  });
});
