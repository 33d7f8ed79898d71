import { defineHandler } from 'brokerlab';

// Entry point: a card payment was taken. Checkout writes it to the `payments`
// topic (three replicas, min.insync.replicas = 2); Ledger books every record.
// acks=all: the leader answers once every in-sync replica (at least 2) has the
// record, so an acknowledged payment survives the leader. With acks=all,
// enable.idempotence keeps its default (true): a record resent after a lost
// answer has the same producer id and sequence number, and is not written twice.
export default defineHandler('TakePayment', async (request, ctx) => {
  ctx.publish('PaymentTaken', request.body);
}, { producer: { acks: 'all' } });
