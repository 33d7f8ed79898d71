import { defineHandler } from 'brokerlab';

// Records the webhook as delivered before calling the receiver, so a retry never calls twice
// ("no idempotency key needed"). When the call fails, the retry finds the mark and returns.
export default defineHandler('Deliver', async (msg, ctx) => {
  const { eventId, receiver } = msg.body;
  const fresh = await ctx.db.transaction(async (tx) => {
    if (await tx.get('delivered', eventId)) return false;
    tx.put('delivered', eventId, true);
    return true;
  });
  if (!fresh) return;
  await ctx.call(receiver, 'Receive', { eventId }, { timeoutTicks: 500 });
}, { retry: { kind: 'exponential', limit: 4, baseTicks: 200, capTicks: 2000 } });
