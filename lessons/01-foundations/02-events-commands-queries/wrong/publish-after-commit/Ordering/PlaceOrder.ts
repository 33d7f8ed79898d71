import { defineHandler } from 'brokerlab';

// Commit the order, then publish the event directly.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.send('ShipOrder', { orderId: order.orderId, customer: order.customer });
  });
  ctx.publish('OrderPlaced', { orderId: order.orderId, customer: order.customer, total: order.total });
});
