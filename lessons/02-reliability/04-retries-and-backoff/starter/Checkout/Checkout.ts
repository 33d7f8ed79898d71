import { defineHandler } from 'brokerlab';

// Entry point: the shop's checkout asks Payments to charge the customer. (Not the subject of
// this lesson: the command goes through the outbox.)
export default defineHandler('Checkout', async (request, ctx) => {
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', request.body.orderId, request.body);
    tx.outbox.send('ChargeCard', request.body);
  });
});
