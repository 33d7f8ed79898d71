import { defineHandler } from 'brokerlab';

// Runs on a schedule and hands every waiting parcel to Shipping. Each ShipOrder continues the
// flow of its own order — the stored correlation id and trace — not the batch's: a search by
// the order's id then finds the shipment and whatever becomes of it. (The causation id still
// says which batch sent it.)
export default defineHandler('ShipBatch', async (request, ctx) => {
  const waiting = ctx.db.keys('pending');
  ctx.log(`${request.body.batch}: ${waiting.length} parcel(s) waiting`);
  for (const orderId of waiting) {
    await ctx.db.transaction(async (tx) => {
      const row = tx.get('pending', orderId);
      if (!row) return;
      tx.delete('pending', orderId);
      tx.outbox.send('ShipOrder', { orderId: row.orderId, zone: row.zone }, { correlationId: row.correlationId, traceparent: row.traceparent });
    });
  }
});
