import { defineHandler } from 'brokerlab';

// Read-process-write in one Kafka transaction: the PaymentCaptured record and this request's
// offset commit together (sendOffsetsToTransaction). A crash before the commit aborts both:
// the record stays in the log marked aborted (Ledger reads read_committed and skips it), and
// the request is read again. The capture is a call that leaves Kafka: no transaction undoes
// it, so it happens again on that second read — the Idempotency-Key (the payment, the same on
// every attempt) lets the gateway answer the repeat without capturing twice.
export default defineHandler('Capture', async (msg, ctx) => {
  const { paymentId, amount } = msg.body;
  await ctx.brokerTransaction(async (tx) => {
    await ctx.call('CardGateway', 'capture', { paymentId, amount }, { idempotencyKey: `capture-${paymentId}` });
    tx.publish('PaymentCaptured', { paymentId, amount }, { key: paymentId });
  });
});
