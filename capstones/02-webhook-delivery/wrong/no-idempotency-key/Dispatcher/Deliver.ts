import { defineHandler } from 'brokerlab';

// Delivers one webhook: an HTTP-like call to the receiver, given up after 500 ms. The event id
// is the idempotency key, the same on every retry, so a receiver that did the work but answered
// too late applies the retry once. A failure throws: the retry policy backs off exponentially
// (200 ms, 400 ms, 800 ms, 1.6 s) and, when the retries are used up, the message is
// dead-lettered with its attempt history as the reason.
export default defineHandler('Deliver', async (msg, ctx) => {
  const { eventId, receiver } = msg.body;
  await ctx.call(receiver, 'Receive', { eventId }, { timeoutTicks: 500 });
}, { retry: { kind: 'exponential', limit: 4, baseTicks: 200, capTicks: 2000 } });
