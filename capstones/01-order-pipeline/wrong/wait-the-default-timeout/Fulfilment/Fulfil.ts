import { defineHandler } from 'brokerlab';

// Ships one order. Kafka hands a partition's records over one at a time; with a concurrency of
// 32 every partition has its record in flight (Little's law: 5,000/s × 4 ms = 20 on average).
// The order id is the shipment's idempotency key: a record handed over again after a crash
// (its offset was not committed yet) asks the warehouse again, and the warehouse answers with
// the first shipment instead of shipping twice. The call waits as long as the client library
// lets it (30 s by default): the warehouse answers in 2 ms anyway.
export default defineHandler('Fulfil', async (msg, ctx) => {
  const order = msg.body;
  await ctx.work(2);
  await ctx.call('Warehouse', 'ship', { orderId: order.orderId, total: order.total }, { idempotencyKey: order.orderId });
}, { concurrency: 32 });
