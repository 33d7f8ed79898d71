import { defineHandler } from 'brokerlab';

// Entry point: a card payment was taken. Checkout writes it to the `payments`
// topic (three replicas, min.insync.replicas = 2); Ledger books every record.
// The producer was tuned for latency: acks=1 — the leader answers as soon as it
// has written the record, without waiting for its followers.
export default defineHandler('TakePayment', async (request, ctx) => {
  ctx.publish('PaymentTaken', request.body);
}, { producer: { acks: '1' } });
