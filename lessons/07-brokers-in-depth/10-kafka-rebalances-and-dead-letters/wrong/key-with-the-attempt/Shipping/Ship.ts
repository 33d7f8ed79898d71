import { defineHandler } from 'brokerlab';

// Each delivery of a record carries its own Idempotency-Key, so the courier can tell them apart.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId, postcode } = msg.body;
  await ctx.work(100); // address lookup
  if (!/^\d{5}$/.test(String(postcode))) {
    ctx.deadLetter('invalid-postcode', `no address for postcode ${postcode}`);
    return;
  }
  await ctx.call('Courier', 'createLabel', { orderId, postcode }, { idempotencyKey: `label-${orderId}-${msg.broker.deliveryAttempt}` });
  await ctx.work(300); // pack the parcel and stick the label on
});
