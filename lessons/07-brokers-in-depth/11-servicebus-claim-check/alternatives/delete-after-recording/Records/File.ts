import { defineHandler } from 'brokerlab';

// Synchronous deletion, done safely: file the document, record that it is filed, and only then
// delete the blob. A redelivery after the delete finds the record and completes without
// fetching; a crash before the record fetches again — the blob is still there.
export default defineHandler('File', async (msg, ctx) => {
  const { docId, blob } = msg.body;
  if (ctx.db.get('filed', docId)) {
    await ctx.call('BlobStore', 'Delete', { name: blob });
    return;
  }
  const content = await ctx.call('BlobStore', 'Get', { name: blob });
  await ctx.call('Archive', 'Store', { docId, content });
  await ctx.db.transaction(async (tx) => tx.put('filed', docId, { blob }));
  await ctx.call('BlobStore', 'Delete', { name: blob });
});
