import { defineHandler } from 'brokerlab';

// Renders and sends one notification. A failure (the template service did not answer) throws
// and is retried in place with backoff: the partition waits behind it, so the user's next
// notification cannot overtake it. The notification id is the gateway's idempotency key, so a
// notification handed over again after a crash is shown once.
export default defineHandler('Send', async (msg, ctx) => {
  const n = msg.body;
  await ctx.work(5 + Math.floor(ctx.random() * 30));
  const { text } = await ctx.call('Templates', 'Render', { userId: n.userId, channel: n.channel, seq: n.seq });
  await ctx.call('Phone', 'notify', { notificationId: n.notificationId, userId: n.userId, channel: n.channel, seq: n.seq, text }, { idempotencyKey: n.notificationId });
}, { concurrency: 12, retry: { kind: 'exponential', limit: 5, baseTicks: 20, capTicks: 500 } });
