import { defineHandler } from 'brokerlab';

// Small documents travel in the message; one that may not fit goes to blob storage (the claim
// check only when needed). The 200,000-character bound leaves room for the properties, and
// counts characters — these scans are ASCII, so a character is a byte.
const INLINE_MAX = 200_000;

export default defineHandler('Submit', async (request, ctx) => {
  const { docId, claimId, kind, content } = request.body;
  if (content.length <= INLINE_MAX) {
    ctx.send('FileDocument', { docId, claimId, kind, content });
    return;
  }
  const blob = `scans/${docId}`;
  await ctx.call('BlobStore', 'Put', { name: blob, content });
  ctx.send('FileDocument', { docId, claimId, kind, blob });
});
