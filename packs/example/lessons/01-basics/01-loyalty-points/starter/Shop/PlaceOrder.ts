import { defineHandler } from 'brokerlab';

// Entry point: an order is placed. Store it and announce it through the outbox.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', request.body.orderId, request.body);
    tx.outbox.publish('OrderPlaced', request.body);
  });
});
