import { defineHandler } from 'brokerlab';

// Captures the money for an order once per operation. A client retry arrives as a new
// command (new message id) with the same Idempotency-Key, so deduplicate on the key, store the
// capture under it, and pass it on to the gateway: if Payments crashes between the capture and
// its commit, the retried capture gets the same receipt instead of a second charge.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = ctx.idempotencyKey; // the Idempotency-Key header (the message id if absent)
  if (ctx.inbox.seen(key)) return;
  const { receipt } = await ctx.call('PaymentGateway', 'capture', { orderId, amount }, { idempotencyKey: key });
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(key)) return;
    tx.put('captures', key, { orderId, amount, receipt });
    tx.inbox.record(key);
  });
});
