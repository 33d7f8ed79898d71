import { defineHandler } from 'brokerlab';

// Entry point: customer service fixes a customer's address.
export default defineHandler('UpdateAddress', async (request, ctx) => {
  const { customer, city } = request.body;
  await ctx.db.put('addresses', customer, { city });
  ctx.log(`address of ${customer} fixed: ${city}`);
});
