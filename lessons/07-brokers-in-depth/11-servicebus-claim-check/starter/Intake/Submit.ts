import { defineHandler } from 'brokerlab';

// The scanning app uploads a claim's scanned document here; Intake hands it to Records, which
// files it in the archive. The document travels in the message.
export default defineHandler('Submit', async (request, ctx) => {
  const { docId, claimId, kind, content } = request.body;
  ctx.send('FileDocument', { docId, claimId, kind, content });
});
