import { defineHandler } from 'brokerlab';

// Sends one notification; a failed send is published again to the end of the topic, "so one
// failure does not block the partition" — a non-blocking retry.
export default defineHandler('Send', async (msg, ctx) => {
  const n = msg.body;
  await ctx.work(5 + Math.floor(ctx.random() * 30));
  try {
    const { text } = await ctx.call('Templates', 'Render', { userId: n.userId, channel: n.channel, seq: n.seq });
  await ctx.call('Phone', 'notify', { notificationId: n.notificationId, userId: n.userId, channel: n.channel, seq: n.seq, text }, { idempotencyKey: n.notificationId });
  } catch {
    ctx.send('Notification', n, { key: n.userId });
  }
}, { concurrency: 12 });
