import { defineHandler } from 'brokerlab';

// Deduplicate on the Idempotency-Key and send the capture — but do not wait for the gateway:
// give it a millisecond, and if no receipt is back by then, the request is on its way, so
// record the capture anyway and ack.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = ctx.idempotencyKey;
  if (ctx.inbox.seen(key)) return;
  let receipt = 'pending';
  try {
    ({ receipt } = await ctx.call('PaymentGateway', 'capture', { orderId, amount }, { idempotencyKey: key, timeoutTicks: 1 }));
  } catch {
    // sent: the gateway will capture it
  }
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(key)) return;
    tx.put('captures', key, { orderId, amount, receipt });
    tx.inbox.record(key);
  });
});
