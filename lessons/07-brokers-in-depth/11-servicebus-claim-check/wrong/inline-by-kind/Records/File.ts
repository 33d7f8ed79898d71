import { defineHandler } from 'brokerlab';

// Records files a document sent inline as it is, and fetches one sent by claim check.
export default defineHandler('File', async (msg, ctx) => {
  const { docId, blob } = msg.body;
  const content = blob ? await ctx.call('BlobStore', 'Get', { name: blob }) : msg.body.content;
  await ctx.call('Archive', 'Store', { docId, content });
});
