import { defineHandler } from 'brokerlab';

export default defineHandler('ChargePayment', async (msg, ctx) => {
  const { orderId, customer, amount } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.work(30);
  const card = ctx.db.get('cards', customer);
  await ctx.db.transaction(async (tx) => {
    tx.inbox.record();
    if (card && card.declined) {
      tx.put('payments', orderId, { amount, status: 'declined' });
      tx.outbox.publish('PaymentFailed', { ...msg.body, reason: 'card declined' });
      return;
    }
    tx.put('payments', orderId, { amount, status: 'captured' });
    tx.effect('payment-captured', orderId);
    tx.outbox.publish('PaymentCaptured', msg.body);
    tx.saga.stepCompleted('OrderSaga', orderId, 'payment-captured');
  });
});
