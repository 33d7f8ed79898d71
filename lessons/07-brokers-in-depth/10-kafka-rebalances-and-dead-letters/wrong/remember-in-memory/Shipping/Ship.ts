import { defineHandler } from 'brokerlab';

// Orders this instance has already labelled: a record Kafka hands over again is skipped.
const labelled = new Set<string>();

export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId, postcode } = msg.body;
  if (labelled.has(orderId)) return;
  await ctx.work(100); // address lookup
  if (!/^\d{5}$/.test(String(postcode))) {
    ctx.deadLetter('invalid-postcode', `no address for postcode ${postcode}`);
    return;
  }
  await ctx.call('Courier', 'createLabel', { orderId, postcode });
  labelled.add(orderId);
  await ctx.work(300); // pack the parcel and stick the label on
});
