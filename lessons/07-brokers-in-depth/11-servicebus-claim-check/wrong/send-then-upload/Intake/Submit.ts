import { defineHandler } from 'brokerlab';

// Send the reference first so that Records can start at once, then upload the document.
export default defineHandler('Submit', async (request, ctx) => {
  const { docId, claimId, kind, content } = request.body;
  const blob = `scans/${docId}`;
  ctx.send('FileDocument', { docId, claimId, kind, blob });
  await ctx.call('BlobStore', 'Put', { name: blob, content });
});
