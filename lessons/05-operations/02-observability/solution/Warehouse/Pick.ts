import { defineHandler } from 'brokerlab';

// Picks and packs the order. The parcel waits in `pending` for the courier batch — and so
// does the flow's context: the correlation id and traceparent of the message that caused it,
// stored with the row so whoever picks the work up later can continue the same flow.
export default defineHandler('Pick', async (msg, ctx) => {
  const { orderId, zone } = msg.body;
  await ctx.work(20);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(orderId)) return;
    tx.put('pending', orderId, { orderId, zone, correlationId: msg.correlationId, traceparent: msg.traceparent });
    tx.inbox.record(orderId);
  });
  ctx.log(`picked ${orderId}, waiting for the courier batch`);
});
