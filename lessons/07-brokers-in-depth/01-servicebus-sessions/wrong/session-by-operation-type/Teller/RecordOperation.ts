import { defineHandler } from 'brokerlab';

// Deposits in one session, withdrawals in another: each kind stays in order and the two run in parallel.
export default defineHandler('RecordOperation', async (request, ctx) => {
  const op = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('operations', op.opId, op);
    tx.outbox.publish('AccountOperation', op, { key: op.op });
  });
});
