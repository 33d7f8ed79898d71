import { defineHandler } from 'brokerlab';

// Entry point: the customer pays for a marketplace order. Each seller's share is one capture,
// and its MessageId names that capture — the same on every retry of the request, different
// for each seller — so Service Bus duplicate detection drops a repeat within its window.
export default defineHandler('Pay', async (request, ctx) => {
  const { orderId, lines } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('payments', orderId, { lines, requestedAt: ctx.now() });
    for (const line of lines) {
      const captureId = `${orderId}/${line.seller}`;
      tx.outbox.send('CapturePayment', { captureId, orderId, seller: line.seller, amount: line.amount }, { headers: { MessageId: captureId } });
    }
  });
});
