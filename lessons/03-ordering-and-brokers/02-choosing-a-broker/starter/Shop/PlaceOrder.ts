import { defineHandler } from 'brokerlab';

// Entry point: store every placed order and its event in one transaction (the outbox). The
// region is in the body.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order);
  });
});
