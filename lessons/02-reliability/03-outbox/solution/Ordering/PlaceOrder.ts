import { defineHandler } from 'brokerlab';

// Entry point: the order and its event are one fact, stored in one transaction. The outbox
// relay publishes the event after the commit — and again after a crash, until it is sent.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order);
  });
});
