import { defineHandler } from 'brokerlab';

// Store the capture under the order id: a retry overwrites the same row, so the table is right.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const { receipt } = await ctx.call('PaymentGateway', 'capture', { orderId, amount });
  await ctx.db.transaction(async (tx) => {
    tx.put('captures', orderId, { orderId, amount, receipt });
  });
});
