import { defineHandler } from 'brokerlab';

// Pricing's synchronous API: look a price up (a query — synchronous is right for a UI).
export default defineHandler('GetPrice', async (request, ctx) => {
  await ctx.work(20);
  const row = ctx.db.get('prices', request.body.sku);
  if (!row) throw new Error(`no price for ${request.body.sku}`);
  return { price: row.price };
});
