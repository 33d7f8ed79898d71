import { defineHandler } from 'brokerlab';

// Asynchronous consumer: charge the card for each OrderPlaced, at Payments' own pace (two at a
// time), and announce the result. The inbox makes a redelivery harmless, and the card network
// honours the Idempotency-Key, so a charge retried after a crash is not charged twice.
export default defineHandler('ChargeOrder', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  if (ctx.inbox.seen()) return;
  const { receipt } = await ctx.call('PaymentGateway', 'charge', { orderId, amount }, { idempotencyKey: `charge-${orderId}` });
  const paymentId = `pay-${orderId}`;
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.put('charges', orderId, { paymentId, amount, receipt });
    tx.inbox.record();
    tx.outbox.publish('PaymentCaptured', { orderId, paymentId });
  });
});
