import { defineHandler } from 'brokerlab';

// No tuning at all: since Kafka 3.0 the Java producer defaults to acks=all and
// enable.idempotence=true.
export default defineHandler('TakePayment', async (request, ctx) => {
  ctx.publish('PaymentTaken', request.body);
});
