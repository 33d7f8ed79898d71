import { defineHandler } from 'brokerlab';

// No transaction can take a capture back, so Payments remembers each capture in its own
// database before it calls the gateway, and never captures a payment it has marked. The
// record and the offset commit together in the Kafka transaction.
export default defineHandler('Capture', async (msg, ctx) => {
  const { paymentId, amount } = msg.body;
  if (!ctx.db.get('captures', paymentId)) {
    ctx.db.put('captures', paymentId, { amount });
    await ctx.call('CardGateway', 'capture', { paymentId, amount });
  }
  await ctx.brokerTransaction(async (tx) => {
    tx.publish('PaymentCaptured', { paymentId, amount }, { key: paymentId });
  });
});
