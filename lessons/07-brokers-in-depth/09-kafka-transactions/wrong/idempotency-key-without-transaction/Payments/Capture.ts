import { defineHandler } from 'brokerlab';

// The gateway honours an Idempotency-Key, so a repeated request cannot capture twice — and
// the producer is idempotent by default, so the record cannot be written twice either.
export default defineHandler('Capture', async (msg, ctx) => {
  const { paymentId, amount } = msg.body;
  await ctx.call('CardGateway', 'capture', { paymentId, amount }, { idempotencyKey: `capture-${paymentId}` });
  ctx.publish('PaymentCaptured', { paymentId, amount }, { key: paymentId });
});
