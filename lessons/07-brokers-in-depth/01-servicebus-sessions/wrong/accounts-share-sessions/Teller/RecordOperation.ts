import { defineHandler } from 'brokerlab';

// Entry point: a teller recorded an operation on an account. Fewer sessions are cheaper: hash the
// account into two buckets, as one would pick a Kafka partition. An account always lands in the
// same bucket, so its operations stay in order.
export default defineHandler('RecordOperation', async (request, ctx) => {
  const op = request.body;
  const bucket = Number(String(op.accountId).split('-')[1]) % 2;
  await ctx.db.transaction(async (tx) => {
    tx.put('operations', op.opId, op);
    tx.outbox.publish('AccountOperation', op, { key: `bucket-${bucket}` });
  });
});
