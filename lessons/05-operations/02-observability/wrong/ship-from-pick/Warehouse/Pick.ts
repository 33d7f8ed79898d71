import { defineHandler } from 'brokerlab';

// Why keep the flow for later? Send ShipOrder as soon as the parcel is picked: it carries this
// order's correlation id and trace by itself.
export default defineHandler('Pick', async (msg, ctx) => {
  const { orderId, zone } = msg.body;
  await ctx.work(20);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(orderId)) return;
    tx.outbox.send('ShipOrder', { orderId, zone });
    tx.inbox.record(orderId);
  });
  ctx.log(`picked ${orderId}, shipped at once`);
});
