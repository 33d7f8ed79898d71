import { defineHandler } from 'brokerlab';

// The SessionId set as the message property itself (what `key` sets on Service Bus): one
// session per account.
export default defineHandler('RecordOperation', async (request, ctx) => {
  const op = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('operations', op.opId, op);
    tx.outbox.publish('AccountOperation', op, { headers: { SessionId: op.accountId } });
  });
});
