import { defineHandler } from 'brokerlab';

// Presents the claim check: fetches the document from blob storage, then files it. If the blob
// cannot be read yet (storage down), the message is retried. The blob is left in place: a
// redelivered message can fetch it again, and the storage's lifecycle rule removes old scans.
export default defineHandler('File', async (msg, ctx) => {
  const { docId, blob } = msg.body;
  const content = await ctx.call('BlobStore', 'Get', { name: blob });
  await ctx.call('Archive', 'Store', { docId, content });
});
