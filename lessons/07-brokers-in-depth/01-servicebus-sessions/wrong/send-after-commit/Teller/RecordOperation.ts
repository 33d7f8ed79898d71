import { defineHandler } from 'brokerlab';

// The right SessionId, sent straight to Service Bus once the operation is stored.
export default defineHandler('RecordOperation', async (request, ctx) => {
  const op = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('operations', op.opId, op);
  });
  ctx.publish('AccountOperation', op, { key: op.accountId });
});
