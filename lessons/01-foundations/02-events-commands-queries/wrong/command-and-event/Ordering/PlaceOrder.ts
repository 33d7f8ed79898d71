import { defineHandler } from 'brokerlab';

// Publish the event for whoever listens — and keep the command to Billing too, to be safe:
// Billing is idempotent by order id, so the second message changes nothing.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.send('ShipOrder', { orderId: order.orderId, customer: order.customer });
    tx.outbox.send('InvoiceOrder', { orderId: order.orderId, total: order.total });
    tx.outbox.publish('OrderPlaced', { orderId: order.orderId, customer: order.customer, total: order.total });
  });
});
