import { defineHandler } from 'brokerlab';

// The patterns from the reliability part: the inbox skips a request already handled, the
// outbox writes the record in the same database transaction, and the Idempotency-Key makes
// the capture safe to repeat.
export default defineHandler('Capture', async (msg, ctx) => {
  const { paymentId, amount } = msg.body;
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    await ctx.call('CardGateway', 'capture', { paymentId, amount }, { idempotencyKey: `capture-${paymentId}` });
    tx.inbox.record();
    tx.outbox.publish('PaymentCaptured', { paymentId, amount }, { key: paymentId });
  });
});
