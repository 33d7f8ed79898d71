import { defineHandler } from 'brokerlab';

// Shipping prints the label from the delivery note: no reveal needed.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId, note } = msg.body;
  const address = note.replace('deliver to ', '');
  await ctx.db.transaction(async (tx) => {
    if (tx.get('shipments', orderId)) return;
    tx.put('shipments', orderId, { orderId, address });
  });
});
