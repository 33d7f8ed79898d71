import { defineHandler } from 'brokerlab';

// The CorrelationId is "quote-request/<request id>": the quote is the part after the slash.
export default defineHandler('StoreQuote', async (msg, ctx) => {
  const correlationId = String(msg.headers.CorrelationId ?? '');
  if (!correlationId.startsWith('quote-request/')) return;
  const id = correlationId.slice('quote-request/'.length);
  await ctx.db.transaction(async (tx) => {
    const quote = tx.get('quotes', id);
    if (quote) tx.put('quotes', id, { ...quote, status: 'quoted', totalCents: msg.body.totalCents });
  });
});
