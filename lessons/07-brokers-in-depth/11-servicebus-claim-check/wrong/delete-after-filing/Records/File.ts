import { defineHandler } from 'brokerlab';

// Fetch, file, then delete the blob: once it is in the archive nobody needs it.
export default defineHandler('File', async (msg, ctx) => {
  const { docId, blob } = msg.body;
  const content = await ctx.call('BlobStore', 'Get', { name: blob });
  await ctx.call('Archive', 'Store', { docId, content });
  await ctx.call('BlobStore', 'Delete', { name: blob });
});
