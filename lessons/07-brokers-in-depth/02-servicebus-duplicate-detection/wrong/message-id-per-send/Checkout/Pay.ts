import { defineHandler } from 'brokerlab';

// A MessageId that is surely unique: the capture plus the moment it was sent.
export default defineHandler('Pay', async (request, ctx) => {
  const { orderId, lines } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('payments', orderId, { lines, requestedAt: ctx.now() });
    for (const line of lines) {
      const captureId = `${orderId}/${line.seller}`;
      tx.outbox.send('CapturePayment', { captureId, orderId, seller: line.seller, amount: line.amount }, { headers: { MessageId: `${captureId}@${ctx.now()}` } });
    }
  });
});
