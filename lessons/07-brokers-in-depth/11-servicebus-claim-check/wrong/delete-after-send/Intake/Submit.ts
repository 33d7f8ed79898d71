import { defineHandler } from 'brokerlab';

// Upload, send the reference, and clean up: the message is on its way now.
export default defineHandler('Submit', async (request, ctx) => {
  const { docId, claimId, kind, content } = request.body;
  const blob = `scans/${docId}`;
  await ctx.call('BlobStore', 'Put', { name: blob, content });
  ctx.send('FileDocument', { docId, claimId, kind, blob });
  await ctx.call('BlobStore', 'Delete', { name: blob });
});
