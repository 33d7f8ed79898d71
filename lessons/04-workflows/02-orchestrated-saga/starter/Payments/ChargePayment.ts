import { defineHandler } from 'brokerlab';

export default defineHandler('ChargePayment', async (msg, ctx) => {
  const { orderId, customer, amount } = msg.body;
  if (ctx.inbox.seen()) return;
  if (msg.type === 'RefundPayment') {
    // Compensation: refund a captured payment, or make sure a late ChargePayment never captures.
    await ctx.db.transaction(async (tx) => {
      const p = tx.get('payments', orderId);
      tx.inbox.record();
      if (p && p.status === 'captured') {
        tx.put('payments', orderId, { ...p, status: 'refunded' });
        tx.saga.compensated('OrderSaga', orderId, 'payment-captured');
      } else if (!p) {
        tx.put('payments', orderId, { status: 'cancelled' });
      }
      tx.outbox.publish('PaymentRefunded', { orderId });
    });
    return;
  }
  await ctx.work(30);
  const card = ctx.db.get('cards', customer);
  await ctx.db.transaction(async (tx) => {
    tx.inbox.record();
    if (tx.get('payments', orderId)) return; // cancelled by the saga before we got here
    if (card && card.declined) {
      tx.put('payments', orderId, { amount, status: 'declined' });
      tx.outbox.publish('PaymentFailed', { orderId, reason: 'card declined' });
      return;
    }
    tx.put('payments', orderId, { amount, status: 'captured' });
    tx.effect('payment-captured', orderId);
    tx.outbox.publish('PaymentCaptured', { orderId });
    tx.saga.stepCompleted('OrderSaga', orderId, 'payment-captured');
  });
});
