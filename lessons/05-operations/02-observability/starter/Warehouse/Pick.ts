import { defineHandler } from 'brokerlab';

// Picks and packs the order. The courier collects in batches, so the parcel waits in the
// `pending` table until the next courier batch (Warehouse/ShipBatch.ts) sends it on.
export default defineHandler('Pick', async (msg, ctx) => {
  const { orderId, zone } = msg.body;
  await ctx.work(20);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(orderId)) return;
    tx.put('pending', orderId, { orderId, zone });
    tx.inbox.record(orderId);
  });
  ctx.log(`picked ${orderId}, waiting for the courier batch`);
});
