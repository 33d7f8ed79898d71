import { defineHandler } from 'brokerlab';

// Compress the document so that it fits in a message: every word seen before is replaced by
// a short back-reference (~index~).
function compress(text: string): string {
  const seen = new Map<string, number>();
  return text.split(/(\s+)/).map((part: string) => {
    if (part.length < 4 || /\s/.test(part)) return part;
    const at = seen.get(part);
    if (at !== undefined) return '~' + at + '~';
    seen.set(part, seen.size);
    return part;
  }).join('');
}

export default defineHandler('Submit', async (request, ctx) => {
  const { docId, claimId, kind, content } = request.body;
  ctx.send('FileDocument', { docId, claimId, kind, compressed: compress(content) });
});
