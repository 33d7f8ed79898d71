import { defineHandler } from 'brokerlab';

// Whatever goes wrong, the message goes to the dead-letter queue with a reason.
export default defineHandler('CreateShipment', async (msg, ctx) => {
  const { orderId, customer } = msg.body;
  try {
    await ctx.work(30);
    const address = ctx.db.get('addresses', customer);
    if (!address) throw new Error(`no address for ${customer}`);
    await ctx.db.transaction(async (tx) => {
      tx.put('shipments', orderId, { customer, city: address.city });
    });
  } catch (error) {
    ctx.deadLetter('address-missing', String(error));
  }
});
