import { defineHandler } from 'brokerlab';

// Entry point: an event one receiver subscribed to. The SessionId is the receiver: each
// receiver's webhooks form one session, held by one Dispatcher receiver at a time — so a
// receiver that is down or slow holds up its own webhooks only, never another receiver's.
export default defineHandler('Emit', async (request, ctx) => {
  const { eventId, receiver } = request.body;
  ctx.publish('WebhookDue', { eventId, receiver }, { key: eventId });
});
