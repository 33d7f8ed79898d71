import { defineHandler } from 'brokerlab';

export default defineHandler('ShipOrder', async (msg, ctx) => {
  const { orderId } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.work(20);
  // The courier acts now, outside our transaction; the Idempotency-Key makes a redelivery get
  // the same booking instead of a second parcel.
  const booking = await ctx.call('Courier', 'ship', { orderId }, { idempotencyKey: 'ship-' + orderId });
  await ctx.db.transaction(async (tx) => {
    tx.put('shipments', orderId, { status: 'shipped', receipt: booking.receipt });
    tx.inbox.record();
    tx.outbox.publish('OrderShipped', msg.body);
    tx.saga.stepCompleted('OrderSaga', orderId, 'shipped');
  });
});
