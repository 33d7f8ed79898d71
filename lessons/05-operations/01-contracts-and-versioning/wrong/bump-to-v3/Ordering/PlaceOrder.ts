import { defineHandler } from 'brokerlab';

// Renaming total to amount is a breaking change — so it gets a new major version number.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, currency } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, total, currency });
    tx.outbox.publish('OrderPlaced', { orderId, amount: total, currency }, { version: 3 });
  });
});
