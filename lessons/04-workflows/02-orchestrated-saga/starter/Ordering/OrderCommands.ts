import { defineHandler } from 'brokerlab';

// CompleteOrder / CancelOrder from the orchestrator.
export default defineHandler('OrderCommands', async (msg, ctx) => {
  const { orderId } = msg.body;
  if (ctx.inbox.seen()) return;
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
