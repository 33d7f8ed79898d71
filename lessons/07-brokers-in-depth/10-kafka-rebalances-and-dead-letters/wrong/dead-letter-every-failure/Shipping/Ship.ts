import { defineHandler } from 'brokerlab';

// A failing order must never block its partition: whatever fails goes to the dead-letter
// topic at once, and the partition moves on.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId, postcode } = msg.body;
  try {
    await ctx.work(100); // address lookup
    if (!/^\d{5}$/.test(String(postcode))) throw new Error(`no address for postcode ${postcode}`);
    await ctx.call('Courier', 'createLabel', { orderId, postcode }, { idempotencyKey: `label-${orderId}` });
    await ctx.work(300); // pack the parcel and stick the label on
  } catch (e) {
    ctx.deadLetter('shipping-failed', String(e));
  }
});
