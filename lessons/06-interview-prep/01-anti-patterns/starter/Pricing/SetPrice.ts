import { defineHandler } from 'brokerlab';

// Pricing owns prices: it stores a new price and announces it.
export default defineHandler('SetPrice', async (request, ctx) => {
  const { sku, price } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('prices', sku, { sku, price });
    tx.outbox.publish('PriceChanged', { sku, price });
  });
});
