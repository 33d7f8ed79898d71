import { defineHandler } from 'brokerlab';
// The reply carries the flow's correlation id (the same trace): remember which quote each flow asked for.
export default defineHandler('RequestQuote', async (request, ctx) => {
  const quote = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('quotes', quote.requestId, { status: 'waiting', customerId: quote.customerId, requestedAt: ctx.now() });
    tx.put('byFlow', ctx.message.correlationId, { requestId: quote.requestId });
    tx.outbox.send('GetQuote', quote, { headers: { ReplyTo: 'quote-replies' } });
  });
});
