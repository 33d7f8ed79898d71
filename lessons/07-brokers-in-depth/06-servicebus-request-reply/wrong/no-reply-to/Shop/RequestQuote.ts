import { defineHandler } from 'brokerlab';

// Pricing knows where the replies go: the catalog says QuoteReady goes to quote-replies.
export default defineHandler('RequestQuote', async (request, ctx) => {
  const quote = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('quotes', quote.requestId, { status: 'waiting', customerId: quote.customerId, requestedAt: ctx.now() });
    tx.outbox.send('GetQuote', quote, { headers: { MessageId: quote.requestId } });
  });
});
