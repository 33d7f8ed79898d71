import { defineHandler } from 'brokerlab';

// Captures one seller's share at the payment gateway and records it. Skips a message it has
// already processed (the same message delivered again).
export default defineHandler('Capture', async (msg, ctx) => {
  if (ctx.inbox.seen()) return;
  const { captureId, amount } = msg.body;
  const receipt = await ctx.call('PaymentGateway', 'capture', { captureId, amount });
  await ctx.db.transaction(async (tx) => {
    tx.put('captures', msg.id, { captureId, amount, receipt: receipt.receipt });
    tx.inbox.record();
  });
});
