import { defineHandler } from 'brokerlab';

// Synchronous API: charge a card and answer with the payment id. The card network takes 150 ms.
export default defineHandler('Charge', async (request, ctx) => {
  const { orderId, amount } = request.body;
  await ctx.work(150);
  const paymentId = `pay-${orderId}`;
  await ctx.db.transaction(async (tx) => {
    tx.put('charges', paymentId, { orderId, amount });
    tx.effect('card-charged', orderId);
  });
  return { paymentId };
});
