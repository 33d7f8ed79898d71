import { defineHandler } from 'brokerlab';

// Ships every order from checkout, with its idempotency key, and writes the record afterwards:
// Kafka carries orders nobody needs any more, and Fulfilment has nothing left to do.
export default defineHandler('AcceptOrders', async (request, ctx) => {
  for (let i = 1; i <= 5; i++) {
    const orderId = `order-${request.body.batch}-${i}`;
    const total = Number(request.body.total) + i;
    await ctx.call('Warehouse', 'ship', { orderId, total }, { idempotencyKey: orderId });
    ctx.publish('OrderPlaced', { orderId, total }, { key: orderId });
  }
});
