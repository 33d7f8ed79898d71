import { defineHandler } from 'brokerlab';

// Keeps the read model: the latest status of every order. Processing time varies.
export default defineHandler('Project', async (msg, ctx) => {
  await ctx.work(10 + Math.floor(ctx.random() * 80));
  await ctx.db.put('orders', msg.body.orderId, { status: msg.body.status });
});
