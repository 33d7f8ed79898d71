import { defineHandler } from 'brokerlab';

// Replies come back in order if the requests reach Pricing far enough apart: schedule each one
// (ScheduledEnqueueTimeUtc) by its number, then the oldest waiting quote is always the one
// being answered — and the customer gets an answer at once.
export default defineHandler('RequestQuote', async (request, ctx) => {
  const quote = request.body;
  const delayTicks = Number(quote.requestId.split('-')[1]) * 900;
  await ctx.db.transaction(async (tx) => {
    tx.put('quotes', quote.requestId, { status: 'waiting', customerId: quote.customerId, requestedAt: ctx.now() + delayTicks });
    tx.outbox.send('GetQuote', quote, { headers: { ReplyTo: 'quote-replies' }, delayTicks });
  });
});
