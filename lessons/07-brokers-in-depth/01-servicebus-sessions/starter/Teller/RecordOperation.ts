import { defineHandler } from 'brokerlab';

// Entry point: a teller recorded an operation on an account. Store it and send it to Ledger
// through the outbox. The queue account-ops was created with RequiresSession = true.
export default defineHandler('RecordOperation', async (request, ctx) => {
  const op = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('operations', op.opId, op);
    tx.outbox.publish('AccountOperation', op);
  });
});
