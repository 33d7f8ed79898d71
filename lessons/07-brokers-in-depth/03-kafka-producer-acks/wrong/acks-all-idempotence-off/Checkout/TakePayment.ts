import { defineHandler } from 'brokerlab';

// acks=all so nothing acknowledged is lost; idempotence off, since acks=all already makes
// every write safe.
export default defineHandler('TakePayment', async (request, ctx) => {
  ctx.publish('PaymentTaken', request.body);
}, { producer: { acks: 'all', enableIdempotence: false } });
