import { defineHandler } from 'brokerlab';

// Service Bus rules read properties: put the region in a header.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order, { headers: { region: order.region } });
  });
});
