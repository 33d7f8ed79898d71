import { defineHandler } from 'brokerlab';

// "Move the publish into the transaction": the classic wrong fix. ctx.publish leaves the
// process at once — a transaction cannot take back a message the broker already has.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    ctx.publish('OrderPlaced', order);
  });
});
