import { defineHandler } from 'brokerlab';

// Entry point: the client asks to pay for an order. It sends an Idempotency-Key it keeps
// when it retries the same payment. Checkout passes it on with the command.
export default defineHandler('Pay', async (request, ctx) => {
  const { orderId, amount, idempotencyKey } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.outbox.send('CapturePayment', { orderId, amount }, { idempotencyKey });
  });
});
