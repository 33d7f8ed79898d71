import { defineHandler } from 'brokerlab';

// The request's MessageId is an id of its own; a correlation table, written in the same
// transaction as the quote, says which quote it asked for.
export default defineHandler('RequestQuote', async (request, ctx) => {
  const quote = request.body;
  const messageId = `get-quote-${quote.requestId}`;
  await ctx.db.transaction(async (tx) => {
    tx.put('quotes', quote.requestId, { status: 'waiting', customerId: quote.customerId, requestedAt: ctx.now() });
    tx.put('pending-requests', messageId, { requestId: quote.requestId });
    tx.outbox.send('GetQuote', quote, { headers: { ReplyTo: 'quote-replies', MessageId: messageId } });
  });
});
