import { defineHandler } from 'brokerlab';

// A missing address: put the message in the dead-letter queue ourselves.
export default defineHandler('CreateShipment', async (msg, ctx) => {
  const { orderId, customer } = msg.body;
  await ctx.work(30);
  const address = ctx.db.get('addresses', customer);
  if (!address) {
    ctx.send('ShipOrder', msg.body, { to: 'shipments.dlq', headers: { reason: 'address-missing' } });
    return;
  }
  await ctx.db.transaction(async (tx) => {
    tx.put('shipments', orderId, { customer, city: address.city });
  });
});
