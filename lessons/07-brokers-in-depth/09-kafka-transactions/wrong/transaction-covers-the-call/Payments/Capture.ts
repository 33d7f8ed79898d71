import { defineHandler } from 'brokerlab';

// Exactly-once processing: the capture and the record are both inside the Kafka transaction,
// so they happen together or not at all.
export default defineHandler('Capture', async (msg, ctx) => {
  const { paymentId, amount } = msg.body;
  await ctx.brokerTransaction(async (tx) => {
    await ctx.call('CardGateway', 'capture', { paymentId, amount });
    tx.publish('PaymentCaptured', { paymentId, amount }, { key: paymentId });
  });
});
