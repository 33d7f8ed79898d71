import { defineHandler } from 'brokerlab';

// Entry point: accept an order, then tell the other services.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    // A command: Shipping, and only Shipping, must ship this order.
    tx.outbox.send('ShipOrder', { orderId: order.orderId, customer: order.customer });
    // Billing needs to know too… so Ordering tells it what to do.
    tx.outbox.send('InvoiceOrder', { orderId: order.orderId, total: order.total });
    // Loyalty? Ordering has never heard of it.
  });
});
