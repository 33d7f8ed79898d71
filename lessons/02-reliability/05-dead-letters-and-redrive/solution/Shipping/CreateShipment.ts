import { defineHandler } from 'brokerlab';

// Creates a shipment for a paid order. A missing address will not fix itself on retry: that
// message is poison, so dead-letter it at once with a reason an operator can act on. Every
// other error is treated as transient and thrown, so the broker retries it.
export default defineHandler('CreateShipment', async (msg, ctx) => {
  const { orderId, customer } = msg.body;
  await ctx.work(30);
  const address = ctx.db.get('addresses', customer);
  if (!address) {
    ctx.deadLetter('address-missing', `customer ${customer} has no address; fix it, then redrive ${orderId}`);
    return;
  }
  await ctx.db.transaction(async (tx) => {
    tx.put('shipments', orderId, { customer, city: address.city });
  });
});
