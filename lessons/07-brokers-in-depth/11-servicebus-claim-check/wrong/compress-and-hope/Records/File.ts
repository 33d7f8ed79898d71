import { defineHandler } from 'brokerlab';

// Undoes Intake's compression (~index~ is the index-th distinct word of 4+ letters), then files the document.
function decompress(text: string): string {
  const words: string[] = [];
  return text.split(/(\s+)/).map((part: string) => {
    const ref = /^~(\d+)~$/.exec(part);
    if (ref) return words[Number(ref[1])];
    if (part.length >= 4 && !/\s/.test(part)) words.push(part);
    return part;
  }).join('');
}

export default defineHandler('File', async (msg, ctx) => {
  const { docId, compressed } = msg.body;
  await ctx.call('Archive', 'Store', { docId, content: decompress(compressed) });
});
