import { defineHandler } from 'brokerlab';

// Every message needs a SessionId, so give each operation its own: unique, like a message id.
export default defineHandler('RecordOperation', async (request, ctx) => {
  const op = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('operations', op.opId, op);
    tx.outbox.publish('AccountOperation', op, { key: op.opId });
  });
});
