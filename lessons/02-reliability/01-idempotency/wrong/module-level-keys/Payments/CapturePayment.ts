import { defineHandler } from 'brokerlab';

// The right key — kept in memory.
const captured = new Set<string>();

export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = ctx.idempotencyKey;
  if (captured.has(key)) return;
  await ctx.db.transaction(async (tx) => {
    tx.put('captures', key, { orderId, amount });
    tx.effect('payment-captured', orderId);
  });
  captured.add(key);
});
