import { defineHandler } from 'brokerlab';

// Push is what users look at; e-mail can come later. One notification per event, keyed by
// user: half the messages, the same order.
export default defineHandler('FanOut', async (msg, ctx) => {
  const { eventId, userId, seq } = msg.body;
  ctx.send('Notification', { notificationId: `${eventId}-push`, userId, seq: Number(seq), channel: 'push' }, { key: userId });
}, { concurrency: 12 });
