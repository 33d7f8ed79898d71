import { defineHandler } from 'brokerlab';

// Entry point: a teller recorded an operation on an account. The SessionId is the account: all
// of one account's operations form one session, which one Ledger receiver holds at a time and
// gets in order; different accounts are different sessions and run in parallel.
export default defineHandler('RecordOperation', async (request, ctx) => {
  const op = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('operations', op.opId, op);
    tx.outbox.publish('AccountOperation', op, { key: op.accountId });
  });
});
