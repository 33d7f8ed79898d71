import { defineHandler } from 'brokerlab';

// Picks the order and parks the parcel with its flow context — the correlation id and the
// traceparent together, as the options the later send will need.
export default defineHandler('Pick', async (msg, ctx) => {
  const { orderId, zone } = msg.body;
  await ctx.work(20);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(orderId)) return;
    tx.put('pending', orderId, { orderId, zone, flow: { correlationId: msg.correlationId, traceparent: msg.traceparent } });
    tx.inbox.record(orderId);
  });
  ctx.log(`picked ${orderId} (${msg.correlationId}), waiting for the courier batch`);
});
