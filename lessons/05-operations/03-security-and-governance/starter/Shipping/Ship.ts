import { defineHandler } from 'brokerlab';

// Shipping prints the label: it holds the `reveal` grant, so it may turn the address token
// back into an address (a clear value comes back unchanged). It ships each order once.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId } = msg.body;
  const address = ctx.reveal(msg.body.address);
  await ctx.db.transaction(async (tx) => {
    if (tx.get('shipments', orderId)) return;
    tx.put('shipments', orderId, { orderId, address });
  });
});
