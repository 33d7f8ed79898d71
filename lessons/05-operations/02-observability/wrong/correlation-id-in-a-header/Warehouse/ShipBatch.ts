import { defineHandler } from 'brokerlab';

// The original correlation id travels with the command, in a header of its own.
export default defineHandler('ShipBatch', async (request, ctx) => {
  const waiting = ctx.db.keys('pending');
  ctx.log(`${request.body.batch}: ${waiting.length} parcel(s) waiting`);
  for (const orderId of waiting) {
    await ctx.db.transaction(async (tx) => {
      const row = tx.get('pending', orderId);
      if (!row) return;
      tx.delete('pending', orderId);
      tx.outbox.send('ShipOrder', { orderId: row.orderId, zone: row.zone }, { headers: { originalCorrelationId: row.correlationId } });
    });
  }
});
