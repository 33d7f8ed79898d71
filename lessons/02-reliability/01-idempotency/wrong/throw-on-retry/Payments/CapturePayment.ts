import { defineHandler } from 'brokerlab';

// A second capture for the same key is a client error: reject it.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = ctx.idempotencyKey;
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(key)) throw new Error(`${key} was already captured`);
    tx.put('captures', key, { orderId, amount });
    tx.effect('payment-captured', orderId);
    tx.inbox.record(key);
  });
});
