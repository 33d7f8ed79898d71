import { defineHandler } from 'brokerlab';

// The rename done in two steps (expand, then contract): v2 carries the new `amount` next to
// `total`, so v1 readers keep reading `total` and new readers can move to `amount`. `total`
// goes only once telemetry shows no v1 reader is left.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, currency } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, total, currency });
    tx.outbox.publish('OrderPlaced', { orderId, total, amount: total, currency }, { version: 2 });
  });
});
