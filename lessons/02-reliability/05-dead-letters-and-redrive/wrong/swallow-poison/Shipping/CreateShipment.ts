import { defineHandler } from 'brokerlab';

// A missing address: log it and move on, so the queue is not blocked.
export default defineHandler('CreateShipment', async (msg, ctx) => {
  const { orderId, customer } = msg.body;
  await ctx.work(30);
  const address = ctx.db.get('addresses', customer);
  if (!address) {
    ctx.log(`no address for ${customer}: skipping ${orderId}`);
    return;
  }
  await ctx.db.transaction(async (tx) => {
    tx.put('shipments', orderId, { customer, city: address.city });
  });
});
