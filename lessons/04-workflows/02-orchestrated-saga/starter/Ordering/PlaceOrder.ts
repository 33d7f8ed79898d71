import { defineHandler } from 'brokerlab';

export default defineHandler('PlaceOrder', async (msg, ctx) => {
  const order = { ...msg.body, status: 'placed' };
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order);
    tx.saga.stepCompleted('OrderSaga', order.orderId, 'order-placed');
  });
});
