import { defineHandler } from 'brokerlab';

// Synchronous API: charge a card and answer with the payment id. The card network takes 150 ms.
export default defineHandler('Charge', async (request, ctx) => {
  const { orderId, amount } = request.body;
  const { receipt } = await ctx.call('PaymentGateway', 'charge', { orderId, amount }, { idempotencyKey: `charge-${orderId}` });
  const paymentId = `pay-${orderId}`;
  await ctx.db.transaction(async (tx) => {
    tx.put('charges', orderId, { paymentId, amount, receipt });
  });
  return { paymentId };
});
