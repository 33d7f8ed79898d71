import { defineHandler } from 'brokerlab';

// The courier batch: each waiting parcel goes out under its own order's flow. The stored
// context is read once per row into the options, so the body stays business data only.
export default defineHandler('ShipBatch', async (request, ctx) => {
  const waiting = ctx.db.keys('pending');
  ctx.log(`${request.body.batch}: ${waiting.length} parcel(s) waiting`);
  for (const orderId of waiting) {
    await ctx.db.transaction(async (tx) => {
      const row = tx.get('pending', orderId);
      if (!row) return;
      const { flow, ...parcel } = row;
      tx.delete('pending', orderId);
      tx.outbox.send('ShipOrder', parcel, flow);
    });
  }
});
