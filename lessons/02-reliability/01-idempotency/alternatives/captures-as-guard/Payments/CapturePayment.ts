import { defineHandler } from 'brokerlab';

// The capture row itself is the record: stored under the Idempotency-Key and looked up first.
// The gateway gets the same key, so a capture repeated after a crash returns the first receipt.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = ctx.idempotencyKey;
  if (ctx.db.get('captures', key)) return;
  const { receipt } = await ctx.call('PaymentGateway', 'capture', { orderId, amount }, { idempotencyKey: key });
  await ctx.db.transaction(async (tx) => {
    if (tx.get('captures', key)) return;
    tx.put('captures', key, { orderId, amount, receipt });
  });
});
