import { defineHandler } from 'brokerlab';

// Entry point: the bank notifies us of a payment; we record it and announce it (outbox).
export default defineHandler('ReceivePayment', async (request, ctx) => {
  await ctx.db.transaction(async (tx) => {
    tx.put('payments', request.body.paymentId, request.body);
    tx.outbox.publish('PaymentReceived', request.body);
  });
});
