import { defineHandler } from 'brokerlab';

// Captures the money for an order at the payment gateway. It already has an inbox — keyed by
// message id.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  if (ctx.inbox.seen()) return; // this message id was processed already
  const { receipt } = await ctx.call('PaymentGateway', 'capture', { orderId, amount });
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.put('captures', ctx.message.id, { orderId, amount, receipt });
    tx.inbox.record();
  });
});
