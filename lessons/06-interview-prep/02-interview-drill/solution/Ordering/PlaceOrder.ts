import { defineHandler } from 'brokerlab';

// The order and its event are one fact: one transaction (outbox); the relay publishes it.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order);
  });
});
