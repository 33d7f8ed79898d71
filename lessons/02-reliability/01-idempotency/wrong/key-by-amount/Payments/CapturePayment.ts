import { defineHandler } from 'brokerlab';

// A retry repeats the same payment: same amount, same capture.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = `amount-${amount}`;
  if (ctx.inbox.seen(key)) return;
  const { receipt } = await ctx.call('PaymentGateway', 'capture', { orderId, amount }, { idempotencyKey: key });
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(key)) return;
    tx.put('captures', ctx.idempotencyKey, { orderId, amount, receipt });
    tx.inbox.record(key);
  });
});
