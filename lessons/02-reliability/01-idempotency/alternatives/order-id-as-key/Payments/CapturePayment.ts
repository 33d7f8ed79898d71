import { defineHandler } from 'brokerlab';

// A business key instead of the header: an order is paid once, so the order id names the one
// capture. The gateway gets it as the Idempotency-Key (a retry after a lost answer gets the first
// receipt back), and the inbox remembers it with the capture, in one transaction.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  if (ctx.inbox.seen(orderId)) return;
  const { receipt } = await ctx.call('PaymentGateway', 'capture', { orderId, amount }, { idempotencyKey: orderId });
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(orderId)) return;
    tx.put('captures', orderId, { orderId, amount, receipt });
    tx.inbox.record(orderId);
  });
});
