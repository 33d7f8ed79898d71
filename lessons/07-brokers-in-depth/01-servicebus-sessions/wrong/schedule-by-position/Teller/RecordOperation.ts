import { defineHandler } from 'brokerlab';

// No sessions needed: hold each operation back by its place in the account's history
// (op-<account>-<step>), so the deposit is always applied before the withdrawals.
export default defineHandler('RecordOperation', async (request, ctx) => {
  const op = request.body;
  const step = Number(String(op.opId).split('-').pop());
  await ctx.db.transaction(async (tx) => {
    tx.put('operations', op.opId, op);
    tx.outbox.publish('AccountOperation', op, { key: op.opId, delayTicks: 1_000 * (step - 1) });
  });
});
