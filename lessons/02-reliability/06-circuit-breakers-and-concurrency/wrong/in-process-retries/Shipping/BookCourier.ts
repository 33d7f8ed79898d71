import { defineHandler } from 'brokerlab';

// No breaker needed: retry each booking in-process with exponential backoff until the
// database is back, and keep to its 4 connections.
export default defineHandler('BookCourier', async (msg, ctx) => {
  const { orderId, customer } = msg.body;
  if (ctx.inbox.seen()) return;
  const { receipt } = await ctx.call('Courier', 'book', { orderId, customer }, { idempotencyKey: `book-${orderId}` });
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.put('bookings', orderId, { customer, courier: 'parcel-co', booking: receipt });
    tx.inbox.record();
  });
}, {
  concurrency: 4,
  retry: { kind: 'exponential', limit: 8, baseTicks: 100, capTicks: 1000 },
});
