import { defineHandler } from 'brokerlab';

// Renders the notification, then sends a text of its own: the render is awaited (its failures
// retried in place, in order), but its answer is thrown away, so the phone never shows the
// notification Templates rendered.
export default defineHandler('Send', async (msg, ctx) => {
  const n = msg.body;
  await ctx.work(5 + Math.floor(ctx.random() * 30));
  await ctx.call('Templates', 'Render', { userId: n.userId, channel: n.channel, seq: n.seq });
  await ctx.call('Phone', 'notify', { notificationId: n.notificationId, userId: n.userId, channel: n.channel, seq: n.seq, text: 'You have a new notification' }, { idempotencyKey: n.notificationId });
}, { concurrency: 12, retry: { kind: 'exponential', limit: 5, baseTicks: 20, capTicks: 500 } });
