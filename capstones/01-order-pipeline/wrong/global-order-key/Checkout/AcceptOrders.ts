import { defineHandler } from 'brokerlab';

// WRONG: one key for every record, "to keep orders in sequence": murmur2 of one key is one
// partition, so one consumer ships everything while 31 partitions stay empty.
export default defineHandler('AcceptOrders', async (request, ctx) => {
  for (let i = 1; i <= 5; i++) {
    const orderId = `order-${request.body.batch}-${i}`;
    ctx.publish('OrderPlaced', { orderId, total: Number(request.body.total) + i }, { key: "orders" });
  }
});
