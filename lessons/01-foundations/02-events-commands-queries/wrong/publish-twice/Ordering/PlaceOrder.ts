import { defineHandler } from 'brokerlab';

// Publish through the outbox, and right away as well, so subscribers hear sooner.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.send('ShipOrder', { orderId: order.orderId, customer: order.customer });
    tx.outbox.publish('OrderPlaced', { orderId: order.orderId, customer: order.customer, total: order.total });
  });
  ctx.publish('OrderPlaced', { orderId: order.orderId, customer: order.customer, total: order.total });
});
