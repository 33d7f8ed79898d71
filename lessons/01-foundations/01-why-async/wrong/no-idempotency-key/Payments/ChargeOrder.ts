import { defineHandler } from 'brokerlab';

// Charge the card for each OrderPlaced and announce it. (Simplified: one transaction is enough.)
export default defineHandler('ChargeOrder', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  const { receipt } = await ctx.call('PaymentGateway', 'charge', { orderId, amount });
  const paymentId = `pay-${orderId}`;
  await ctx.db.transaction(async (tx) => {
    tx.put('charges', orderId, { paymentId, amount, receipt });
    tx.outbox.publish('PaymentCaptured', { orderId, paymentId });
  });
});
