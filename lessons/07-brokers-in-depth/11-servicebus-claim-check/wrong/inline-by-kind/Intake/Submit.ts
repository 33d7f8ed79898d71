import { defineHandler } from 'brokerlab';
// Photo scans are the big ones: they go through blob storage, forms and reports inline.
export default defineHandler('Submit', async (request, ctx) => {
  const { docId, claimId, kind, content } = request.body;
  if (kind === 'photos') {
    const blob = `scans/${docId}`;
    await ctx.call('BlobStore', 'Put', { name: blob, content });
    ctx.send('FileDocument', { docId, claimId, kind, blob });
    return;
  }
  ctx.send('FileDocument', { docId, claimId, kind, content });
});
