import { defineHandler } from 'brokerlab';

// Captures the money for an order once per operation. A client retry arrives as a new
// command (new message id) with the same Idempotency-Key, so deduplicate on the key, and
// store the capture under it: the retry finds it and returns the same result.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = ctx.idempotencyKey; // the Idempotency-Key header (the message id if absent)
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(key)) return;
    tx.put('captures', key, { orderId, amount });
    tx.effect('payment-captured', orderId);
    tx.inbox.record(key);
  });
});
