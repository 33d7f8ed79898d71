import { defineHandler } from 'brokerlab';

// Runs on a schedule (the workload calls it like a cron job) and hands every waiting parcel
// to Shipping. A batch run is a request of its own, with its own correlation id.
export default defineHandler('ShipBatch', async (request, ctx) => {
  const waiting = ctx.db.keys('pending');
  ctx.log(`${request.body.batch}: ${waiting.length} parcel(s) waiting`);
  for (const orderId of waiting) {
    await ctx.db.transaction(async (tx) => {
      const row = tx.get('pending', orderId);
      if (!row) return;
      tx.delete('pending', orderId);
      tx.outbox.send('ShipOrder', { orderId: row.orderId, zone: row.zone });
    });
  }
});
