import { defineHandler } from 'brokerlab';

// A failing order must never block the orders behind it: log any failure and move on. The
// label carries an Idempotency-Key, so a rebalance cannot buy it twice.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId, postcode } = msg.body;
  try {
    await ctx.work(100); // address lookup
    if (!/^\d{5}$/.test(String(postcode))) throw new Error(`no address for postcode ${postcode}`);
    await ctx.call('Courier', 'createLabel', { orderId, postcode }, { idempotencyKey: `label-${orderId}` });
    await ctx.work(300); // pack the parcel and stick the label on
  } catch (e) {
    ctx.log(`could not ship ${orderId}: ${String(e)}`);
  }
});
