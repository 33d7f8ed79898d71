import { defineHandler } from 'brokerlab';

// No address? Ship it anyway; the courier will call the customer.
export default defineHandler('CreateShipment', async (msg, ctx) => {
  const { orderId, customer } = msg.body;
  await ctx.work(30);
  const address = ctx.db.get('addresses', customer);
  await ctx.db.transaction(async (tx) => {
    tx.put('shipments', orderId, { customer, city: address?.city ?? 'unknown' });
  });
});
