import { defineHandler } from 'brokerlab';

// A document comes in the message, or as a claim check to present to blob storage.
export default defineHandler('File', async (msg, ctx) => {
  const { docId, content, blob } = msg.body;
  const document = content ?? (await ctx.call('BlobStore', 'Get', { name: blob }));
  await ctx.call('Archive', 'Store', { docId, content: document });
});
