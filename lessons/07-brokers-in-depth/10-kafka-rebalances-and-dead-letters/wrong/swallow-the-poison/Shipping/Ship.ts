import { defineHandler } from 'brokerlab';

// An order without a valid postcode can never be shipped: log it and move on, so it does not
// block the orders behind it on its partition.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId, postcode } = msg.body;
  await ctx.work(100); // address lookup
  if (!/^\d{5}$/.test(String(postcode))) {
    ctx.log(`skipping ${orderId}: no address for postcode ${postcode}`);
    return;
  }
  await ctx.call('Courier', 'createLabel', { orderId, postcode }, { idempotencyKey: `label-${orderId}` });
  await ctx.work(300); // pack the parcel and stick the label on
});
