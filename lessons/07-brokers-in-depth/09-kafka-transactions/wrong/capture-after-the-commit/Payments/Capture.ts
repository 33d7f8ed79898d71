import { defineHandler } from 'brokerlab';

// The transaction commits first, so an aborted transaction can never repeat the capture: the
// card is captured once the record and the offset are safely committed.
export default defineHandler('Capture', async (msg, ctx) => {
  const { paymentId, amount } = msg.body;
  await ctx.brokerTransaction(async (tx) => {
    tx.publish('PaymentCaptured', { paymentId, amount }, { key: paymentId });
  });
  await ctx.call('CardGateway', 'capture', { paymentId, amount }, { idempotencyKey: `capture-${paymentId}` });
});
