import { defineHandler } from 'brokerlab';

// Store the document under its claim number, and send that.
export default defineHandler('Submit', async (request, ctx) => {
  const { docId, claimId, kind, content } = request.body;
  await ctx.call('BlobStore', 'Put', { name: claimId, content });
  ctx.send('FileDocument', { docId, claimId, kind, blob: claimId });
});
