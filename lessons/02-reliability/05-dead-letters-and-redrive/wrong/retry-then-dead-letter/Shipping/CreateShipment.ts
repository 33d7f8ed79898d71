import { defineHandler } from 'brokerlab';

// Give the address a few chances to appear, then dead-letter it with the reason.
export default defineHandler('CreateShipment', async (msg, ctx) => {
  const { orderId, customer } = msg.body;
  await ctx.work(30);
  const address = ctx.db.get('addresses', customer);
  if (!address) {
    if (msg.broker.deliveryCount >= 3) {
      ctx.deadLetter('address-missing', `customer ${customer} has no address`);
      return;
    }
    throw new Error(`no address for ${customer}`);
  }
  await ctx.db.transaction(async (tx) => {
    tx.put('shipments', orderId, { customer, city: address.city });
  });
});
