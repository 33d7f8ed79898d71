import { defineHandler } from 'brokerlab';

// Both Shipping instances run this for each paid order: look up the address (a postcode
// must be five digits), pack the parcel, buy the label from the courier. The consumer commits
// the order's offset after this handler returns.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId, postcode } = msg.body;
  await ctx.work(100); // address lookup
  if (!/^\d{5}$/.test(String(postcode))) throw new Error(`no address for postcode ${postcode}`);
  await ctx.call('Courier', 'createLabel', { orderId, postcode });
  await ctx.work(300); // pack the parcel and stick the label on
});
