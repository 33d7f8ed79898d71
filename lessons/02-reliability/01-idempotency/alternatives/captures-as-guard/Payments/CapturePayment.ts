import { defineHandler } from 'brokerlab';

// The capture row itself is the record: stored under the Idempotency-Key, looked up first, in
// the same transaction — a retry finds it and changes nothing.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = ctx.idempotencyKey;
  await ctx.db.transaction(async (tx) => {
    if (tx.get('captures', key)) return;
    tx.put('captures', key, { orderId, amount });
    tx.effect('payment-captured', orderId);
  });
});
