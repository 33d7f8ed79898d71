import { defineHandler } from 'brokerlab';

// Record the charge first, so a retry never charges twice; then charge. Full jitter while the database fails over.
export default defineHandler('ChargeCard', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.put('charges', orderId, { amount, status: 'captured', attempt: ctx.attempt });
    tx.inbox.record();
  });
  await ctx.call('PaymentGateway', 'charge', { orderId, amount }, { idempotencyKey: `charge-${orderId}` });
}, { retry: { kind: 'full-jitter', limit: 8, baseTicks: 200, capTicks: 5000 } });
