import { defineHandler } from 'brokerlab';

// The request's place in its log (topic, partition, offset) is the same every time Kafka
// hands it over again, so it names this capture as well as the payment id does.
export default defineHandler('Capture', async (msg, ctx) => {
  const { paymentId, amount } = msg.body;
  const idempotencyKey = `payment-requests-${msg.broker.partition}-${msg.broker.offset}`;
  await ctx.brokerTransaction(async (tx) => {
    await ctx.call('CardGateway', 'capture', { paymentId, amount }, { idempotencyKey });
    tx.publish('PaymentCaptured', { paymentId, amount }, { key: paymentId });
  });
});
