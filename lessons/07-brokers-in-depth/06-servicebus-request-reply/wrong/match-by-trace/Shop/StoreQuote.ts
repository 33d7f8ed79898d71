import { defineHandler } from 'brokerlab';

// The reply carries the flow's correlation id (the trace it belongs to): look the quote up by it.
export default defineHandler('StoreQuote', async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    const link = tx.get('byFlow', msg.correlationId);
    if (!link) return;
    const quote = tx.get('quotes', link.requestId);
    tx.put('quotes', link.requestId, { ...quote, status: 'quoted', totalCents: msg.body.totalCents });
  });
});
