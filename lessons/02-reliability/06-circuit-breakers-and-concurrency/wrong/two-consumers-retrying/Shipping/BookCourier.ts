import { defineHandler } from 'brokerlab';

// Books a courier and records the booking. If the database is down, the commit throws and the
// message goes back to the broker, which hands it out again.
export default defineHandler('BookCourier', async (msg, ctx) => {
  const { orderId, customer } = msg.body;
  if (ctx.inbox.seen()) return;
  // The courier's API books the pickup; the Idempotency-Key makes a redelivered message get the
  // same booking instead of a second van.
  const { receipt } = await ctx.call('Courier', 'book', { orderId, customer }, { idempotencyKey: `book-${orderId}` });
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.put('bookings', orderId, { customer, courier: 'parcel-co', booking: receipt });
    tx.inbox.record();
  });
}, {
  // Only 2 deliveries at once, each retrying every 1.5 s in process: well under the database's
  // 4 connections, and no breaker needed.
  concurrency: 2,
  retry: { kind: 'interval', intervalTicks: 1500, limit: 20 },
});
