import { defineHandler } from 'brokerlab';

// The right MessageId, sent straight to Service Bus once the payment is stored — duplicate
// detection will catch any repeat anyway.
export default defineHandler('Pay', async (request, ctx) => {
  const { orderId, lines } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('payments', orderId, { lines, requestedAt: ctx.now() });
  });
  for (const line of lines) {
    const captureId = `${orderId}/${line.seller}`;
    ctx.send('CapturePayment', { captureId, orderId, seller: line.seller, amount: line.amount }, { headers: { MessageId: captureId } });
  }
});
