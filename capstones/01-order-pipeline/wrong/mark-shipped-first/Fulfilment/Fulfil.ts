import { defineHandler } from 'brokerlab';

// Ships one order, once: the inbox records the order before the warehouse call, so a record
// Kafka hands over again after a crash is skipped instead of shipped twice — no idempotency
// key needed.
export default defineHandler('Fulfil', async (msg, ctx) => {
  const order = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.inbox.record();
  });
  await ctx.work(2);
  await ctx.call('Warehouse', 'ship', { orderId: order.orderId, total: order.total });
}, { concurrency: 32 });
