import { defineHandler } from 'brokerlab';

// Keep the event small: subscribers can look up the rest.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.send('ShipOrder', { orderId: order.orderId, customer: order.customer });
    tx.outbox.publish('OrderPlaced', { orderId: order.orderId });
  });
});
