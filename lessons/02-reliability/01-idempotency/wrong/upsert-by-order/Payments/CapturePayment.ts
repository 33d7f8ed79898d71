import { defineHandler } from 'brokerlab';

// Store the capture under the order id: a retry overwrites the same row, so the table is right.
export default defineHandler('CapturePayment', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('captures', orderId, { orderId, amount });
    tx.effect('payment-captured', orderId);
  });
});
