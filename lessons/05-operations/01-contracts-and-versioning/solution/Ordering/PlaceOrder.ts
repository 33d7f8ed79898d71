import { defineHandler } from 'brokerlab';

// v2 of OrderPlaced is additive: every v1 field keeps its name and type, `currency` is new
// and optional. Old readers ignore it; new readers default it. (A rename is two changes — add
// the new field now, remove the old one only when telemetry shows no v1 reader is left.)
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, currency } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, total, currency });
    tx.outbox.publish('OrderPlaced', { orderId, total, currency }, { version: 2 });
  });
});
