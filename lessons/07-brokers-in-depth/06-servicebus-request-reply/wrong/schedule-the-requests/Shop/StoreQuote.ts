import { defineHandler } from 'brokerlab';

// Pricing's answer arrived on quote-replies. It answers the quote we have been waiting for
// longest: store the total there.
export default defineHandler('StoreQuote', async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    const waiting = tx.keys('quotes')
      .map((id) => ({ id, quote: tx.get('quotes', id) }))
      .filter((w) => w.quote.status === 'waiting')
      .sort((a, b) => a.quote.requestedAt - b.quote.requestedAt);
    if (waiting.length === 0) return;
    const { id, quote } = waiting[0];
    tx.put('quotes', id, { ...quote, status: 'quoted', totalCents: msg.body.totalCents });
  });
});
