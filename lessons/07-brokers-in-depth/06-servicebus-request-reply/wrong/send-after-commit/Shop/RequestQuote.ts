import { defineHandler } from 'brokerlab';

// Record the quote, then ask Pricing, naming the request and where to answer.
export default defineHandler('RequestQuote', async (request, ctx) => {
  const quote = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('quotes', quote.requestId, { status: 'waiting', customerId: quote.customerId, requestedAt: ctx.now() });
  });
  ctx.send('GetQuote', quote, { headers: { ReplyTo: 'quote-replies', MessageId: quote.requestId } });
});
