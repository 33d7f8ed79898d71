import { defineHandler } from 'brokerlab';

// Checkout remembers which orders it has paid and ignores a repeated request: no need for a
// MessageId at all.
export default defineHandler('Pay', async (request, ctx) => {
  const { orderId, lines } = request.body;
  await ctx.db.transaction(async (tx) => {
    if (tx.get('payments', orderId)) return;
    tx.put('payments', orderId, { lines, requestedAt: ctx.now() });
    for (const line of lines) {
      const captureId = `${orderId}/${line.seller}`;
      tx.outbox.send('CapturePayment', { captureId, orderId, seller: line.seller, amount: line.amount });
    }
  });
});
