import { defineHandler } from 'brokerlab';

export default defineHandler('ChargePayment', async (msg, ctx) => {
  const { orderId, customer, amount } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.work(30);
  const card = ctx.db.get('cards', customer);
  const declined = Boolean(card && card.declined);
  // The gateway takes the money now, outside our transaction. The Idempotency-Key makes a
  // redelivery after a crash get the same receipt instead of a second charge.
  const capture = declined ? null : await ctx.call('PaymentGateway', 'capture', { orderId, amount }, { idempotencyKey: 'capture-' + orderId });
  await ctx.db.transaction(async (tx) => {
    tx.inbox.record();
    if (declined) {
      tx.put('payments', orderId, { amount, status: 'declined' });
      tx.outbox.publish('PaymentFailed', { ...msg.body, reason: 'card declined' });
      return;
    }
    tx.put('payments', orderId, { amount, status: 'captured', receipt: capture.receipt });
    tx.outbox.publish('PaymentCaptured', msg.body);
    tx.saga.stepCompleted('OrderSaga', orderId, 'payment-captured');
  });
});
