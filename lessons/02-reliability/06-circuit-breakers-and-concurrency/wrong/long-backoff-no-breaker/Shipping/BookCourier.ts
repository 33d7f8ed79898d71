import { defineHandler } from 'brokerlab';

// No breaker needed: back off long enough that the database is never hammered — each booking
// waits 3 s, then 6 s, then 12 s before it tries again — and keep to its 4 connections.
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
  retry: { kind: 'exponential', limit: 3, baseTicks: 3000, capTicks: 12000 },
});
