import { defineHandler } from 'brokerlab';

// Entry point: the shop's API. Stores the order and announces it through the outbox. The
// request's correlation id (c-…) goes back to the customer with the 202 Accepted: it is what
// support will search for when the customer asks "where is my parcel?".
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', { orderId: order.orderId, zone: order.zone });
  });
  ctx.log(`accepted ${order.orderId}, correlation id ${request.correlationId}`);
});
