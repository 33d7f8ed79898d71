import { defineHandler } from 'brokerlab';

// Replies come back in order if the requests are far enough apart: hold each one back by its
// number, then the oldest waiting quote is always the one being answered.
export default defineHandler('RequestQuote', async (request, ctx) => {
  const quote = request.body;
  await ctx.work(Number(quote.requestId.split('-')[1]) * 900);
  await ctx.db.transaction(async (tx) => {
    tx.put('quotes', quote.requestId, { status: 'waiting', customerId: quote.customerId, requestedAt: ctx.now() });
    tx.outbox.send('GetQuote', quote, { headers: { ReplyTo: 'quote-replies' } });
  });
});
