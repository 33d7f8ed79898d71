import { defineHandler } from 'brokerlab';

// The reply's CorrelationId is the request's MessageId: the correlation table names the quote.
export default defineHandler('StoreQuote', async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    const pending = tx.get('pending-requests', msg.headers.CorrelationId);
    if (!pending) return;
    const quote = tx.get('quotes', pending.requestId);
    tx.put('quotes', pending.requestId, { ...quote, status: 'quoted', totalCents: msg.body.totalCents });
    tx.delete('pending-requests', msg.headers.CorrelationId);
  });
});
