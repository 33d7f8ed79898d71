import { defineHandler } from 'brokerlab';

export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty } = msg.body;
  if (ctx.inbox.seen()) return; // a redelivery: already reserved
  await ctx.work(20);
  await ctx.db.transaction(async (tx) => {
    const item = tx.get('stock', sku);
    tx.put('stock', sku, { ...item, reserved: item.reserved + qty });
    tx.put('reservations', orderId, { sku, qty, status: 'held' });
    tx.inbox.record();
    tx.outbox.publish('StockReserved', msg.body);
    tx.saga.stepCompleted('OrderSaga', orderId, 'stock-reserved');
  });
});
