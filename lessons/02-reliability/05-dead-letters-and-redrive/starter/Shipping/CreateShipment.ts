import { defineHandler } from 'brokerlab';

// Creates a shipment for a paid order. Any error goes back to the broker, which delivers the
// message again — up to 4 times — and then dead-letters it.
export default defineHandler('CreateShipment', async (msg, ctx) => {
  const { orderId, customer } = msg.body;
  await ctx.work(30);
  const address = ctx.db.get('addresses', customer);
  if (!address) throw new Error(`no address for ${customer}`);
  await ctx.db.transaction(async (tx) => {
    tx.put('shipments', orderId, { customer, city: address.city });
  });
});
