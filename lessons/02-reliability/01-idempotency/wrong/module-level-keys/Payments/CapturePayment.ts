import { defineHandler } from 'brokerlab';

// The right key — kept in memory.
const captured = new Set<string>();

export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const key = ctx.idempotencyKey;
  if (captured.has(key)) return;
  const { receipt } = await ctx.call('PaymentGateway', 'capture', { orderId, amount });
  await ctx.db.transaction(async (tx) => {
    tx.put('captures', key, { orderId, amount, receipt });
  });
  captured.add(key);
});
