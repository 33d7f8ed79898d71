import { defineHandler } from 'brokerlab';

// The MessageId built from what identifies one capture: the order and the seller.
export default defineHandler('Pay', async (request, ctx) => {
  const { orderId, lines } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('payments', orderId, { lines, requestedAt: ctx.now() });
    for (const line of lines) {
      tx.outbox.send('CapturePayment', { captureId: `${orderId}/${line.seller}`, orderId, seller: line.seller, amount: line.amount }, { headers: { MessageId: `capture:${orderId}:${line.seller}` } });
    }
  });
});
