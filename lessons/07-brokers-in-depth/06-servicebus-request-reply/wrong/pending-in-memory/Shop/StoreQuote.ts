import { defineHandler } from 'brokerlab';

// The reply's CorrelationId is the MessageId we chose: look up which quote that was.
const pending: Map<string, string> = ((globalThis as any).pendingQuotes ??= new Map());

export default defineHandler('StoreQuote', async (msg, ctx) => {
  const id = pending.get(msg.headers.CorrelationId);
  if (!id) return;
  pending.delete(msg.headers.CorrelationId);
  await ctx.db.transaction(async (tx) => {
    tx.put('quotes', id, { ...tx.get('quotes', id), status: 'quoted', totalCents: msg.body.totalCents });
  });
});
