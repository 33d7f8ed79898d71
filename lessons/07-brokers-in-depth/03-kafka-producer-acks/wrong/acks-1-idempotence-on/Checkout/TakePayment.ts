import { defineHandler } from 'brokerlab';

// Keep the fast acks=1 and just switch idempotence on: no duplicates, same latency.
export default defineHandler('TakePayment', async (request, ctx) => {
  ctx.publish('PaymentTaken', request.body);
}, { producer: { acks: '1', enableIdempotence: true } });
