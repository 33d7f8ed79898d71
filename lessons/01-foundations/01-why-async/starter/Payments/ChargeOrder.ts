import { defineHandler } from 'brokerlab';

// Asynchronous consumer: charge the card for each OrderPlaced, at Payments' own pace (two at a
// time), and announce the result. The inbox makes a redelivery harmless.
export default defineHandler('ChargeOrder', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.work(150);
  const paymentId = `pay-${orderId}`;
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.put('charges', paymentId, { orderId, amount });
    tx.effect('card-charged', orderId);
    tx.inbox.record();
    tx.outbox.publish('PaymentCaptured', { orderId, paymentId });
  });
});
