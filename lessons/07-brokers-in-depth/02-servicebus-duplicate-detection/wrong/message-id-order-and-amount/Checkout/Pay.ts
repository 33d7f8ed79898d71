import { defineHandler } from 'brokerlab';

// The order id alone is too coarse, so add the amount: the two shares of an order differ.
export default defineHandler('Pay', async (request, ctx) => {
  const { orderId, lines } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('payments', orderId, { lines, requestedAt: ctx.now() });
    for (const line of lines) {
      const captureId = `${orderId}/${line.seller}`;
      tx.outbox.send('CapturePayment', { captureId, orderId, seller: line.seller, amount: line.amount }, { headers: { MessageId: `${orderId}:${line.amount}` } });
    }
  });
});
