import { defineHandler } from 'brokerlab';

// Entry point: a customer asked for a quote. Shop records it as waiting and asks Pricing
// through the quote-requests queue (with the outbox: the request leaves only if the record
// committed). ReplyTo names the queue where Pricing answers; MessageId names this request, and
// Pricing copies it into the reply's CorrelationId. The request id is the MessageId, so the
// reply names its quote row — in the database, where a restart does not lose it.
export default defineHandler('RequestQuote', async (request, ctx) => {
  const quote = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('quotes', quote.requestId, { status: 'waiting', customerId: quote.customerId, requestedAt: ctx.now() });
    tx.outbox.send('GetQuote', quote, { headers: { ReplyTo: 'quote-replies', MessageId: quote.requestId } });
  });
});
