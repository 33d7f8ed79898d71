import { defineHandler } from 'brokerlab';

// Books a courier for the parcel, once per order (an inbox guards against redeliveries). No
// courier serves zone 0: that ShipOrder is poison, fails on every delivery and ends in the
// dead-letter queue after 3 — the failure support will have to find.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId, zone } = msg.body;
  await ctx.work(30);
  const courier = ctx.db.get('couriers', String(zone));
  if (!courier) throw new Error(`courier rejected ${orderId}: no courier serves zone ${zone}`);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(orderId)) return;
    tx.put('shipments', orderId, { orderId, courier: courier.name });
    tx.inbox.record(orderId);
  });
  ctx.log(`booked ${courier.name} for ${orderId}`);
});
