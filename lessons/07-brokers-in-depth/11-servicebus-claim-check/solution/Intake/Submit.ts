import { defineHandler } from 'brokerlab';

// The claim check: the document goes to blob storage, the message carries only its name. The
// blob is written first, so no message can name a blob that does not exist yet (a failed upload
// throws here, before anything is sent, and the scanning app uploads again). Its name is the
// document's own id: unique per document, and the same on a retry, which just writes it again.
export default defineHandler('Submit', async (request, ctx) => {
  const { docId, claimId, kind, content } = request.body;
  const blob = `scans/${docId}`;
  await ctx.call('BlobStore', 'Put', { name: blob, content });
  ctx.send('FileDocument', { docId, claimId, kind, blob, bytes: content.length });
});
