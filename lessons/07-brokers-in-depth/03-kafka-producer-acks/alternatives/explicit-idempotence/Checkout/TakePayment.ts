import { defineHandler } from 'brokerlab';

// Both settings spelled out: a reader of this code need not know the client's defaults.
export default defineHandler('TakePayment', async (request, ctx) => {
  ctx.publish('PaymentTaken', request.body);
}, { producer: { acks: 'all', enableIdempotence: true } });
