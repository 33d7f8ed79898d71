import { defineHandler } from 'brokerlab';

// Capture first; note the key once the capture is safely stored.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = ctx.idempotencyKey;
  if (ctx.inbox.seen(key)) return;
  await ctx.db.transaction(async (tx) => {
    tx.put('captures', `${key}-${ctx.message.id}`, { orderId, amount });
    tx.effect('payment-captured', orderId);
  });
  await ctx.db.transaction(async (tx) => {
    tx.inbox.record(key);
  });
});
