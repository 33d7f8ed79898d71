import { defineHandler } from 'brokerlab';

// Name each blob by the moment it was uploaded.
export default defineHandler('Submit', async (request, ctx) => {
  const { docId, claimId, kind, content } = request.body;
  const blob = `scan-${ctx.now()}`;
  await ctx.call('BlobStore', 'Put', { name: blob, content });
  ctx.send('FileDocument', { docId, claimId, kind, blob });
});
