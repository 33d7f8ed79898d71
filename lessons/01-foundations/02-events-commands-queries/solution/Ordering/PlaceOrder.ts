import { defineHandler } from 'brokerlab';

// Entry point: accept an order, then tell the other services.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    // A command: Shipping, and only Shipping, must ship this order.
    tx.outbox.send('ShipOrder', { orderId: order.orderId, customer: order.customer });
    // A fact, published once: whoever subscribes to order-events gets a copy (Billing, Loyalty,
    // and next year's services), and Ordering does not need to know who they are.
    tx.outbox.publish('OrderPlaced', { orderId: order.orderId, customer: order.customer, total: order.total });
  });
});
