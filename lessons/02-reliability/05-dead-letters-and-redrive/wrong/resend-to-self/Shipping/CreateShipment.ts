import { defineHandler } from 'brokerlab';

// No address yet? Send the order to ourselves again in a second, until it is fixed.
export default defineHandler('CreateShipment', async (msg, ctx) => {
  const { orderId, customer } = msg.body;
  await ctx.work(30);
  const address = ctx.db.get('addresses', customer);
  if (!address) {
    ctx.send('ShipOrder', msg.body, { delayTicks: 1000 });
    return;
  }
  await ctx.db.transaction(async (tx) => {
    tx.put('shipments', orderId, { customer, city: address.city });
  });
});
