import { defineHandler } from 'brokerlab';

// Delivers one webhook and logs a failure instead of throwing, "so the queue keeps moving".
export default defineHandler('Deliver', async (msg, ctx) => {
  const { eventId, receiver } = msg.body;
  try {
    await ctx.call(receiver, 'Receive', { eventId, webhookId: eventId }, { timeoutTicks: 500 });
  } catch (error) {
    ctx.log(`delivery to ${receiver} failed: ${error}`);
  }
}, { retry: { kind: 'exponential', limit: 4, baseTicks: 200, capTicks: 2000 } });
