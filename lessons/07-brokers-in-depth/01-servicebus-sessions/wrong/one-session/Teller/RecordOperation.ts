import { defineHandler } from 'brokerlab';

// One session for the whole ledger: then everything is in order.
export default defineHandler('RecordOperation', async (request, ctx) => {
  const op = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('operations', op.opId, op);
    tx.outbox.publish('AccountOperation', op, { key: 'ledger' });
  });
});
