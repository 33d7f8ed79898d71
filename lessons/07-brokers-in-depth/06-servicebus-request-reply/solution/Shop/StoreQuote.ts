import { defineHandler } from 'brokerlab';

// Pricing's answer arrived on quote-replies. Replies come back in any order (Pricing works on
// several requests at once), so the reply says which request it answers: its CorrelationId is
// the request's MessageId — here the quote's id.
export default defineHandler('StoreQuote', async (msg, ctx) => {
  const id = msg.headers.CorrelationId;
  await ctx.db.transaction(async (tx) => {
    const quote = tx.get('quotes', id);
    if (!quote) return; // not a request of ours
    tx.put('quotes', id, { ...quote, status: 'quoted', totalCents: msg.body.totalCents });
  });
});
