import { defineHandler } from 'brokerlab';

// Loyalty needs to know too: send it its own copy, straight to its queue.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.send('ShipOrder', { orderId: order.orderId, customer: order.customer });
    tx.outbox.send('InvoiceOrder', { orderId: order.orderId, total: order.total });
    tx.outbox.publish('OrderPlaced', { orderId: order.orderId, customer: order.customer, total: order.total }, { to: 'loyalty' });
  });
});
