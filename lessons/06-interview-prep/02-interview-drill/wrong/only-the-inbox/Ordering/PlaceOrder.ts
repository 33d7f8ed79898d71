import { defineHandler } from 'brokerlab';

// Stores the order, then tells Inventory.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
  });
  ctx.publish('OrderPlaced', order);
});
