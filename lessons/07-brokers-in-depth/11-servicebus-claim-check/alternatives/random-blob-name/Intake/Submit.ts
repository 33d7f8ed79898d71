import { defineHandler } from 'brokerlab';

// A fresh, unguessable name for every upload (a GUID, as blob storage users often do). An upload
// that is retried writes a second blob; the first is garbage for a lifecycle rule, never a
// dangling reference, because the message is sent only after its own blob was written.
export default defineHandler('Submit', async (request, ctx) => {
  const { docId, claimId, kind, content } = request.body;
  const blob = `scans/${docId}/${Math.floor(ctx.random() * 2 ** 52).toString(36)}`;
  await ctx.call('BlobStore', 'Put', { name: blob, content });
  ctx.send('FileDocument', { docId, claimId, kind, blob });
});
