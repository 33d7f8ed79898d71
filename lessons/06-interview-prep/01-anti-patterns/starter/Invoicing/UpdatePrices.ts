import { defineHandler } from 'brokerlab';

// Invoicing's own copy of the prices, kept up to date from Pricing's events.
export default defineHandler('UpdatePrices', async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    tx.put('prices', msg.body.sku, { price: msg.body.price });
  });
});
