import { defineHandler } from 'brokerlab';

// Duplicates come from resends after a lost answer. acks=0: no answers, so no resends.
export default defineHandler('TakePayment', async (request, ctx) => {
  ctx.publish('PaymentTaken', request.body);
}, { producer: { acks: '0' } });
