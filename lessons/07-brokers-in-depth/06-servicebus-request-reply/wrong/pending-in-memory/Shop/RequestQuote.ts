import { defineHandler } from 'brokerlab';

// Each request gets a fresh MessageId; Shop remembers which quote it was for.
const pending: Map<string, string> = ((globalThis as any).pendingQuotes ??= new Map());

export default defineHandler('RequestQuote', async (request, ctx) => {
  const quote = request.body;
  const messageId = `msg-${Math.floor(ctx.random() * 1e9)}`;
  pending.set(messageId, quote.requestId);
  await ctx.db.transaction(async (tx) => {
    tx.put('quotes', quote.requestId, { status: 'waiting', customerId: quote.customerId, requestedAt: ctx.now() });
    tx.outbox.send('GetQuote', quote, { headers: { ReplyTo: 'quote-replies', MessageId: messageId } });
  });
});
