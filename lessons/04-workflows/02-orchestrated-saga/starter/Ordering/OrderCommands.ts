import { defineHandler } from 'brokerlab';

// CompleteOrder / CancelOrder from the orchestrator; the customer is told by e-mail. The
// Mailer deduplicates by Idempotency-Key — this command's, so a redelivery of it sends no second
// mail (a second command is a second mail).
export default defineHandler('OrderCommands', async (msg, ctx) => {
  const { orderId } = msg.body;
  if (ctx.inbox.seen()) return;
  const template = msg.type === 'CompleteOrder' ? 'order-completed' : 'order-cancelled';
  await ctx.call('Mailer', 'send', { orderId, template }, { idempotencyKey: ctx.idempotencyKey });
  await ctx.db.transaction(async (tx) => {
    const order = tx.get('orders', orderId);
    tx.inbox.record();
    if (msg.type === 'CompleteOrder') {
      tx.put('orders', orderId, { ...order, status: 'completed' });
    } else {
      tx.put('orders', orderId, { ...order, status: 'cancelled', reason: msg.body.reason });
      tx.outbox.publish('OrderCancelled', { orderId });
    }
  });
});
