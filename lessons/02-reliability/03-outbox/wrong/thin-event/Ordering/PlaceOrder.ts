import { defineHandler } from 'brokerlab';

// An outbox — with a "thin" event: only the id, Inventory can look the rest up.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', { orderId: order.orderId });
  });
});
