import { defineHandler } from 'brokerlab';

// Fans one user event out to the user's channels. Every notification is keyed by the user: all
// of one user's notifications land on one partition of `notifications`, in the order this
// handler publishes them (Notifier reads `user-events` one record per partition at a time, and
// that topic is keyed by user too). Different users still spread over the 12 partitions.
export default defineHandler('FanOut', async (msg, ctx) => {
  const { eventId, userId, seq } = msg.body;
  for (const channel of ['push', 'email']) {
    ctx.send('Notification', { notificationId: `${eventId}-${channel}`, userId, seq: Number(seq), channel }, { key: userId });
  }
}, { concurrency: 12 });
