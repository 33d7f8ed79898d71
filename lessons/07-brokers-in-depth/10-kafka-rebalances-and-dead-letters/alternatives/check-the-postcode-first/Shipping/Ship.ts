import { defineHandler } from 'brokerlab';

// A postcode that is not five digits is refused before any work is spent on it: straight to
// the dead-letter topic. Everything that can fail for a moment is left to the error handler's
// retries, and the label is safe to buy again.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId, postcode } = msg.body;
  if (!/^\d{5}$/.test(String(postcode ?? ''))) {
    ctx.deadLetter('invalid-postcode', `${orderId} has no valid postcode (${JSON.stringify(postcode)})`);
    return;
  }
  await ctx.work(100); // address lookup
  await ctx.call('Courier', 'createLabel', { orderId, postcode }, { idempotencyKey: orderId });
  await ctx.work(300); // pack the parcel and stick the label on
});
