import { defineHandler } from 'brokerlab';

// Read-process-write in a Kafka transaction, and every capture carries an Idempotency-Key.
export default defineHandler('Capture', async (msg, ctx) => {
  const { paymentId, amount } = msg.body;
  await ctx.brokerTransaction(async (tx) => {
    await ctx.call('CardGateway', 'capture', { paymentId, amount }, { idempotencyKey: crypto.randomUUID() });
    tx.publish('PaymentCaptured', { paymentId, amount }, { key: paymentId });
  });
});
