import { defineHandler } from 'brokerlab';

// The order without a valid postcode goes to the dead-letter topic at once; the others are
// shipped.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId, postcode } = msg.body;
  await ctx.work(100); // address lookup
  if (!/^\d{5}$/.test(String(postcode))) {
    ctx.deadLetter('invalid-postcode', `no address for postcode ${postcode}`);
    return;
  }
  await ctx.call('Courier', 'createLabel', { orderId, postcode });
  await ctx.work(300); // pack the parcel and stick the label on
});
