import { defineHandler } from 'brokerlab';

// Events decouple, so everything is an event: whoever ships can subscribe.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', { orderId: order.orderId, customer: order.customer, total: order.total });
  });
});
