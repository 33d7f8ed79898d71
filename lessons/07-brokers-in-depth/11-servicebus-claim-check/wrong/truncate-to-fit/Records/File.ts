import { defineHandler } from 'brokerlab';

// Files a scanned document in the legal archive.
export default defineHandler('File', async (msg, ctx) => {
  const { docId, content } = msg.body;
  await ctx.call('Archive', 'Store', { docId, content });
});
