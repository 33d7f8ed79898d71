import { defineHandler } from 'brokerlab';

// MessageId = "quote-request/<request id>": readable in the broker's tools, and the reply's
// CorrelationId carries the request id back.
export default defineHandler('RequestQuote', async (request, ctx) => {
  const quote = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('quotes', quote.requestId, { status: 'waiting', customerId: quote.customerId, requestedAt: ctx.now() });
    tx.outbox.send('GetQuote', quote, { headers: { ReplyTo: 'quote-replies', MessageId: `quote-request/${quote.requestId}` } });
  });
});
