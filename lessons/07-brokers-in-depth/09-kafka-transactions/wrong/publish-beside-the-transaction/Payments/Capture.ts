import { defineHandler } from 'brokerlab';

// Everything this handler does happens inside the Kafka transaction's callback, so it all
// commits with the offset.
export default defineHandler('Capture', async (msg, ctx) => {
  const { paymentId, amount } = msg.body;
  await ctx.brokerTransaction(async () => {
    await ctx.call('CardGateway', 'capture', { paymentId, amount }, { idempotencyKey: `capture-${paymentId}` });
    ctx.publish('PaymentCaptured', { paymentId, amount }, { key: paymentId });
  });
});
