import { defineHandler } from 'brokerlab';

// Entry point: a batch of five orders from the web shop. Each order becomes one OrderPlaced
// record keyed by its order id: the murmur2 hash of the key spreads orders over all 32
// partitions, and one order's records would stay on one partition, in order.
export default defineHandler('AcceptOrders', async (request, ctx) => {
  for (let i = 1; i <= 5; i++) {
    const orderId = `order-${request.body.batch}-${i}`;
    ctx.publish('OrderPlaced', { orderId, total: Number(request.body.total) + i }, { key: orderId });
  }
});
