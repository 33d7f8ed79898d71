import { defineHandler } from 'brokerlab';

// Dead-letter it at once, with the error.
export default defineHandler('CreateShipment', async (msg, ctx) => {
  const { orderId, customer } = msg.body;
  await ctx.work(30);
  const address = ctx.db.get('addresses', customer);
  if (!address) {
    ctx.deadLetter('error', `no address for ${customer}`);
    return;
  }
  await ctx.db.transaction(async (tx) => {
    tx.put('shipments', orderId, { customer, city: address.city });
  });
});
