import { defineHandler } from 'brokerlab';

// The record's place in the log (partition, offset) is the same on every delivery and on
// every instance a rebalance hands it to: it names this label as well as the order id does.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId, postcode } = msg.body;
  await ctx.work(100); // address lookup
  if (!/^\d{5}$/.test(String(postcode))) {
    ctx.deadLetter('invalid-postcode', `no address for postcode ${postcode}`);
    return;
  }
  await ctx.call('Courier', 'createLabel', { orderId, postcode }, { idempotencyKey: `orders-paid-${msg.broker.partition}-${msg.broker.offset}` });
  await ctx.work(300); // pack the parcel and stick the label on
});
