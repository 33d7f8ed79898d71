import { defineHandler } from 'brokerlab';

// No Kafka transaction needed: Payments remembers each payment it has handled in its own
// database, after the capture (with an Idempotency-Key) and the record, and skips a request
// it has handled when Kafka hands it over again.
export default defineHandler('Capture', async (msg, ctx) => {
  const { paymentId, amount } = msg.body;
  if (ctx.db.get('handled', paymentId)) return;
  await ctx.call('CardGateway', 'capture', { paymentId, amount }, { idempotencyKey: `capture-${paymentId}` });
  ctx.publish('PaymentCaptured', { paymentId, amount }, { key: paymentId });
  ctx.db.put('handled', paymentId, { amount });
});
