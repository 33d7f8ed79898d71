import { defineHandler } from 'brokerlab';

// Send the document through the outbox, so that it is sent for sure.
export default defineHandler('Submit', async (request, ctx) => {
  const { docId, claimId, kind, content } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('received', docId, { claimId, kind, bytes: content.length });
    tx.outbox.send('FileDocument', { docId, claimId, kind, content });
  });
});
