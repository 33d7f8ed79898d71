import { defineHandler } from 'brokerlab';

// The warehouses filter on region: set it.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order, { headers: { region: 'eu' }, routingKey: 'order.placed.eu' });
  });
});
