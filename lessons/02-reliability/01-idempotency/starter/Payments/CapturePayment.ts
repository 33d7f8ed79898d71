import { defineHandler } from 'brokerlab';

// Captures the money for an order. It already has an inbox — keyed by message id.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return; // this message id was processed already
    tx.put('captures', ctx.message.id, { orderId, amount });
    tx.effect('payment-captured', orderId);
    tx.inbox.record();
  });
});
