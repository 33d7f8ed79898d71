import { defineHandler } from 'brokerlab';

// Capture first; note the key once the capture is safely stored.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = ctx.idempotencyKey;
  if (ctx.inbox.seen(key)) return;
  const { receipt } = await ctx.call('PaymentGateway', 'capture', { orderId, amount });
  await ctx.db.transaction(async (tx) => {
    tx.put('captures', key, { orderId, amount, receipt });
  });
  await ctx.db.transaction(async (tx) => {
    tx.inbox.record(key);
  });
});
