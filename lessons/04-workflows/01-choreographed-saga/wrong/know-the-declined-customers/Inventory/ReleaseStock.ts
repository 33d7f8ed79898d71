import { defineHandler } from 'brokerlab';

// Nothing was held for a declined customer (ReserveStock knows them), so the compensation only
// announces the release.
export default defineHandler('ReleaseStock', async (msg, ctx) => {
  const { orderId } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    tx.inbox.record();
    tx.outbox.publish('StockReleased', msg.body);
    tx.saga.compensated('OrderSaga', orderId, 'stock-reserved');
  });
});
