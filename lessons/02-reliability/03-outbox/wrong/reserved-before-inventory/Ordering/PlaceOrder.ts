import { defineHandler } from 'brokerlab';

// The outbox, and the order stored as "reserved" straight away: Inventory will reserve it
// anyway, so why wait for StockReserved?
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = { ...request.body, status: 'reserved' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order);
  });
});
