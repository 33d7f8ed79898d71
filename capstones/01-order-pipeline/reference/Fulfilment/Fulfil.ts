import { defineHandler } from 'brokerlab';

// Ships one order. Kafka hands a partition's records over one at a time; with a concurrency of
// 32 every partition has its record in flight (Little's law: 5,000/s × 4 ms = 20 on average).
// The order id is the shipment's idempotency key: a record handed over again after a crash
// (its offset was not committed yet) asks the warehouse again, and the warehouse answers with
// the first shipment instead of shipping twice. A call gives up after 50 ms (the warehouse
// answers in about 2): a request lost on the way throws, and the retry ships the order, with
// the same key, instead of a partition waiting 30 s behind it.
export default defineHandler('Fulfil', async (msg, ctx) => {
  const order = msg.body;
  await ctx.work(2);
  await ctx.call('Warehouse', 'ship', { orderId: order.orderId, total: order.total }, { idempotencyKey: order.orderId, timeoutTicks: 50 });
}, { concurrency: 32 });
