import { defineHandler } from 'brokerlab';

// Compensation 2: cancel the order.
export default defineHandler('CancelOrder', async (msg, ctx) => {
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    const order = tx.get('orders', msg.body.orderId);
    tx.put('orders', msg.body.orderId, { ...order, status: 'cancelled', reason: msg.body.reason });
    tx.inbox.record();
    tx.saga.compensated('OrderSaga', msg.body.orderId, 'order-placed');
  });
});
