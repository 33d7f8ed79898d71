import { defineHandler } from 'brokerlab';

// Deduplicate on the Idempotency-Key. If the gateway call fails, nothing was captured: log it
// and move on — the client can always pay again.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = ctx.idempotencyKey;
  if (ctx.inbox.seen(key)) return;
  let receipt: string;
  try {
    ({ receipt } = await ctx.call('PaymentGateway', 'capture', { orderId, amount }, { idempotencyKey: key }));
  } catch (error) {
    ctx.log(`capture of ${orderId} failed, not charged: ${(error as Error).message}`);
    return;
  }
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(key)) return;
    tx.put('captures', key, { orderId, amount, receipt });
    tx.inbox.record(key);
  });
});
