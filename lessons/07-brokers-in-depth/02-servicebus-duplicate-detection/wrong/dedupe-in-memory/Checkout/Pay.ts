import { defineHandler } from 'brokerlab';

// Checkout remembers which captures it has sent and does not send one twice.
const sent = new Set<string>();

export default defineHandler('Pay', async (request, ctx) => {
  const { orderId, lines } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('payments', orderId, { lines, requestedAt: ctx.now() });
    for (const line of lines) {
      const captureId = `${orderId}/${line.seller}`;
      if (sent.has(captureId)) continue;
      sent.add(captureId);
      tx.outbox.send('CapturePayment', { captureId, orderId, seller: line.seller, amount: line.amount });
    }
  });
});
