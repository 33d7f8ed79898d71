import { defineHandler } from 'brokerlab';

// A message holds 256 KB: send what fits, Records can do with the beginning of a long scan.
export default defineHandler('Submit', async (request, ctx) => {
  const { docId, claimId, kind, content } = request.body;
  ctx.send('FileDocument', { docId, claimId, kind, content: content.slice(0, 250_000) });
});
