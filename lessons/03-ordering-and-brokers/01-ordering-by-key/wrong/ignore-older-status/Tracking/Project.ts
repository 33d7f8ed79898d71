import { defineHandler } from 'brokerlab';

// Fix it where it shows: never let the read model go back from shipped to paid.
const RANK: Record<string, number> = { placed: 1, paid: 2, shipped: 3 };

export default defineHandler('Project', async (msg, ctx) => {
  await ctx.work(10 + Math.floor(ctx.random() * 80));
  const current = ctx.db.get('orders', msg.body.orderId) as { status: string } | undefined;
  if (current && RANK[current.status]! >= RANK[msg.body.status]!) return;
  await ctx.db.put('orders', msg.body.orderId, { status: msg.body.status });
});
