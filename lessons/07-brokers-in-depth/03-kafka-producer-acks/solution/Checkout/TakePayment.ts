import { defineHandler } from 'brokerlab';

// Entry point: a card payment was taken. Checkout writes it to the `payments` topic (three
// replicas, min.insync.replicas = 2); Ledger books every record it reads there.
// acks=all: the leader answers only once every in-sync replica (at least 2) has the record, so
// an acknowledged payment survives the leader. And with acks=all, enable.idempotence stays at
// its default (true): a record resent after a lost answer carries the same producer id and
// sequence number, and the leader does not write it twice.
export default defineHandler('TakePayment', async (request, ctx) => {
  ctx.publish('PaymentTaken', request.body);
}, { producer: { acks: 'all' } });
