import { defineHandler } from 'brokerlab';

// An idempotent consumer keyed by the message id: the record of the message and the
// reservation commit together, and a copy finds the record and is skipped. (OrderPlaced keeps
// its message id through redeliveries and outbox re-publishes.)
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { sku, qty } = msg.body;
  await ctx.work(40);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    const item = tx.get('stock', sku);
    tx.put('stock', sku, { reserved: item.reserved + qty });
    tx.inbox.record();
  });
});
