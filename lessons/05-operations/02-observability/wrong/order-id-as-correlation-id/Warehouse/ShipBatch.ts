import { defineHandler } from 'brokerlab';

// The order id is the natural correlation id: every ShipOrder is filed under its order.
export default defineHandler('ShipBatch', async (request, ctx) => {
  const waiting = ctx.db.keys('pending');
  ctx.log(`${request.body.batch}: ${waiting.length} parcel(s) waiting`);
  for (const orderId of waiting) {
    await ctx.db.transaction(async (tx) => {
      const row = tx.get('pending', orderId);
      if (!row) return;
      tx.delete('pending', orderId);
      tx.outbox.send('ShipOrder', { orderId: row.orderId, zone: row.zone }, { correlationId: row.orderId, traceparent: row.traceparent });
    });
  }
});
