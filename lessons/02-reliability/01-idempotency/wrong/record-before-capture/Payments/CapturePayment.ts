import { defineHandler } from 'brokerlab';
// Note the key first, so no retry can ever capture twice; then capture.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = ctx.idempotencyKey;
  if (ctx.inbox.seen(key)) return;
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(key)) return;
    tx.inbox.record(key);
    tx.put('captures', key, { orderId, amount });
  });
  const { receipt } = await ctx.call('PaymentGateway', 'capture', { orderId, amount }, { idempotencyKey: key });
  await ctx.db.transaction(async (tx) => { tx.put('captures', key, { orderId, amount, receipt }); });
});
