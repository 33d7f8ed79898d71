import { defineHandler } from 'brokerlab';

// Sends one notification without asking the template service: no render, no render failure,
// nothing to retry — and a phone that shows "hi" instead of the notification.
export default defineHandler('Send', async (msg, ctx) => {
  const n = msg.body;
  await ctx.work(5 + Math.floor(ctx.random() * 30));
  await ctx.call('Phone', 'notify', { notificationId: n.notificationId, userId: n.userId, channel: n.channel, seq: n.seq, text: 'hi' }, { idempotencyKey: n.notificationId });
}, { concurrency: 12 });
