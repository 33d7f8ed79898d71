import { defineHandler } from 'brokerlab';

// Each ShipOrder continues its order's flow. The command only needs to say which order:
// Shipping can work out the rest.
export default defineHandler('ShipBatch', async (request, ctx) => {
  const waiting = ctx.db.keys('pending');
  ctx.log(`${request.body.batch}: ${waiting.length} parcel(s) waiting`);
  for (const orderId of waiting) {
    await ctx.db.transaction(async (tx) => {
      const row = tx.get('pending', orderId);
      if (!row) return;
      tx.delete('pending', orderId);
      tx.outbox.send('ShipOrder', { orderId: row.orderId }, { correlationId: row.correlationId, traceparent: row.traceparent });
    });
  }
});
