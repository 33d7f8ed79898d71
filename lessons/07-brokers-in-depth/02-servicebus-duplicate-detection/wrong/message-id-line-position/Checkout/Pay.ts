import { defineHandler } from 'brokerlab';

// Deterministic and different for every line of an order: the order and the line's number.
export default defineHandler('Pay', async (request, ctx) => {
  const { orderId, lines } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('payments', orderId, { lines, requestedAt: ctx.now() });
    lines.forEach((line: { seller: string; amount: number }, i: number) => {
      const captureId = `${orderId}/${line.seller}`;
      tx.outbox.send('CapturePayment', { captureId, orderId, seller: line.seller, amount: line.amount }, { headers: { MessageId: `${orderId}#${i}` } });
    });
  });
});
