import { defineHandler } from 'brokerlab';

// Compensation 2: cancel the order, and tell the customer. The Mailer deduplicates by
// Idempotency-Key: a redelivery of this message carries the same key and sends no second mail.
export default defineHandler('CancelOrder', async (msg, ctx) => {
  if (ctx.inbox.seen()) return;
  await ctx.call('Mailer', 'send', { orderId: msg.body.orderId, template: 'order-cancelled' }, { idempotencyKey: ctx.idempotencyKey });
  await ctx.db.transaction(async (tx) => {
    const order = tx.get('orders', msg.body.orderId);
    tx.put('orders', msg.body.orderId, { ...order, status: 'cancelled', reason: msg.body.reason });
    tx.inbox.record();
    tx.saga.compensated('OrderSaga', msg.body.orderId, 'order-placed');
  });
});
