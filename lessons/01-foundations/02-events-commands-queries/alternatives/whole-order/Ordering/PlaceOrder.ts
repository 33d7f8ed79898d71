import { defineHandler } from 'brokerlab';

// The event carries the order as stored (it is a public contract: everything in it is now
// something subscribers may rely on), and the command only what Shipping needs.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order);
    tx.outbox.send('ShipOrder', { orderId: order.orderId, customer: order.customer });
  });
});
