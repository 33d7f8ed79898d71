import { defineHandler } from 'brokerlab';

// Books a courier and records the booking. If the database is down, the commit throws and the
// message goes back to the broker, which hands it out again.
export default defineHandler('BookCourier', async (msg, ctx) => {
  const { orderId, customer } = msg.body;
  if (ctx.inbox.seen()) return;
  // The courier books the pickup; a message handed out again books again.
  const { receipt } = await ctx.call('Courier', 'book', { orderId, customer });
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.put('bookings', orderId, { customer, courier: 'parcel-co', booking: receipt });
    tx.inbox.record();
  });
}, {
  // Never more than the database's 4 connections.
  concurrency: 4,
  // After 3 failures in a row, stop taking messages for 1 s; then let one trial through.
  // The waiting messages stay in the queue, their delivery counts untouched.
  circuitBreaker: { tripThreshold: 3, resetAfterTicks: 1000, mode: 'pause' },
});
