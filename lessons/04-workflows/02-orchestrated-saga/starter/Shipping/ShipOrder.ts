import { defineHandler } from 'brokerlab';

export default defineHandler('ShipOrder', async (msg, ctx) => {
  const { orderId } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.work(20);
  await ctx.db.transaction(async (tx) => {
    tx.put('shipments', orderId, { status: 'shipped' });
    tx.effect('shipped', orderId);
    tx.inbox.record();
    tx.outbox.publish('OrderShipped', { orderId });
    tx.saga.stepCompleted('OrderSaga', orderId, 'shipped');
  });
});
