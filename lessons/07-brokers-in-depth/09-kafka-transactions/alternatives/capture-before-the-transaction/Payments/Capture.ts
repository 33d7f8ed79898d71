import { defineHandler } from 'brokerlab';

// The capture is outside Kafka wherever it stands in the code; with an Idempotency-Key that
// names the payment, repeating it is harmless. Then the record and the offset in one
// transaction: written once, and the request is never read again after the commit.
export default defineHandler('Capture', async (msg, ctx) => {
  const { paymentId, amount } = msg.body;
  await ctx.call('CardGateway', 'capture', { paymentId, amount }, { idempotencyKey: `capture-${paymentId}` });
  await ctx.brokerTransaction(async (tx) => {
    tx.publish('PaymentCaptured', { paymentId, amount }, { key: paymentId });
  });
});
