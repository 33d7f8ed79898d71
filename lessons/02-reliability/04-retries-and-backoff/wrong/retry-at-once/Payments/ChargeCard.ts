import { defineHandler } from 'brokerlab';

// Charges the customer and records the charge. While the database fails over, the commit
// throws; the retry policy below decides when this message tries again.
export default defineHandler('ChargeCard', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  if (ctx.inbox.seen()) return;
  // The gateway charges the card. Every retry of this message calls it again, so the call carries
  // an Idempotency-Key: a retry gets the first receipt, and the card is charged once.
  const { receipt } = await ctx.call('PaymentGateway', 'charge', { orderId, amount }, { idempotencyKey: `charge-${orderId}` });
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.put('charges', orderId, { amount, status: 'captured', attempt: ctx.attempt, receipt });
    tx.inbox.record();
  });
}, {
  // Retry at once, many times: the database will be back soon.
  retry: { kind: 'immediate', limit: 100 },
});
