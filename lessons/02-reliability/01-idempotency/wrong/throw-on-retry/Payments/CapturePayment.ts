import { defineHandler } from 'brokerlab';

// A second capture for the same key is a client error: reject it.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = ctx.idempotencyKey;
  if (ctx.inbox.seen(key)) throw new Error(`${key} was already captured`);
  const { receipt } = await ctx.call('PaymentGateway', 'capture', { orderId, amount }, { idempotencyKey: key });
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(key)) throw new Error(`${key} was already captured`);
    tx.put('captures', key, { orderId, amount, receipt });
    tx.inbox.record(key);
  });
});
