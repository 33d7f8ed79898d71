import { defineHandler } from 'brokerlab';

// Entry point: the customer pays for a marketplace order. Each seller's share is captured
// separately: one CapturePayment per line, through the outbox. The queue `captures` was created
// with RequiresDuplicateDetection = true. Nothing here sets a MessageId, so each message gets
// its own (a new one on every send).
export default defineHandler('Pay', async (request, ctx) => {
  const { orderId, lines } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('payments', orderId, { lines, requestedAt: ctx.now() });
    for (const line of lines) {
      const captureId = `${orderId}/${line.seller}`;
      tx.outbox.send('CapturePayment', { captureId, orderId, seller: line.seller, amount: line.amount });
    }
  });
});
