import { defineHandler } from 'brokerlab';

export default defineHandler('ChargePayment', async (msg, ctx) => {
  const { orderId, customer, amount } = msg.body;
  if (ctx.inbox.seen()) return;
  if (msg.type === 'RefundPayment') {
    // Compensation: refund a captured payment, or make sure a late ChargePayment never captures.
    const captured = ctx.db.get('payments', orderId);
    if (captured && captured.status === 'captured') {
      await ctx.call('PaymentGateway', 'refund', { orderId, amount: captured.amount }, { idempotencyKey: 'refund-' + orderId });
    }
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
  const declined = Boolean(card && card.declined);
  // The gateway takes the money now, outside our transaction; the Idempotency-Key makes a
  // redelivery after a crash get the same receipt instead of a second charge.
  const capture = declined || ctx.db.get('payments', orderId) ? null : await ctx.call('PaymentGateway', 'capture', { orderId, amount }, { idempotencyKey: 'capture-' + orderId });
  const overtaken = await ctx.db.transaction(async (tx) => {
    tx.inbox.record();
    if (tx.get('payments', orderId)) return capture !== null; // cancelled by the saga before we got here
    if (declined) {
      tx.put('payments', orderId, { amount, status: 'declined' });
      tx.outbox.publish('PaymentFailed', { orderId, reason: 'card declined' });
      return false;
    }
    tx.put('payments', orderId, { amount, status: 'captured', receipt: capture.receipt });
    tx.outbox.publish('PaymentCaptured', { orderId });
    tx.saga.stepCompleted('OrderSaga', orderId, 'payment-captured');
    return false;
  });
  // The saga cancelled the payment while the gateway was capturing it: give the money back.
  if (overtaken) await ctx.call('PaymentGateway', 'refund', { orderId, amount }, { idempotencyKey: 'refund-' + orderId });
});
