import { defineHandler } from 'brokerlab';

// ReserveStock / ReleaseStock from the orchestrator.
export default defineHandler('InventoryCommands', async (msg, ctx) => {
  const { orderId } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.work(20);
  await ctx.db.transaction(async (tx) => {
    tx.inbox.record();
    const r = tx.get('reservations', orderId);
    if (msg.type === 'ReserveStock') {
      if (r) return; // released already (a timeout overtook us) or held: nothing to do
      const item = tx.get('stock', msg.body.sku);
      tx.put('stock', msg.body.sku, { ...item, reserved: item.reserved + msg.body.qty });
      tx.put('reservations', orderId, { sku: msg.body.sku, qty: msg.body.qty, status: 'held' });
      tx.outbox.publish('StockReserved', { orderId });
      tx.saga.stepCompleted('OrderSaga', orderId, 'stock-reserved');
    } else {
      if (r && r.status === 'held') {
        const item = tx.get('stock', r.sku);
        tx.put('stock', r.sku, { ...item, reserved: item.reserved - r.qty });
      }
      tx.put('reservations', orderId, { ...(r ?? {}), status: 'released' });
      tx.outbox.publish('StockReleased', { orderId });
    }
  });
});
