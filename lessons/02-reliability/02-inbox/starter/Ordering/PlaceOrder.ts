import { defineHandler } from 'brokerlab';

// Entry point: the shop's API calls this for every new order. (Not the subject of this
// lesson: it stores the order and its event in one transaction — the outbox.)
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order);
  });
});
