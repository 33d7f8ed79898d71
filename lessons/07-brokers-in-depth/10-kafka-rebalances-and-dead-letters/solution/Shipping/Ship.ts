import { defineHandler } from 'brokerlab';

// Both Shipping instances run this for each paid order.
// - An order without a valid postcode can never be shipped: retrying it in place (ten
//   deliveries) only blocks every order behind it on its partition. It goes to the
//   dead-letter topic at once, and the partition moves on.
// - A rebalance hands a partition to the other instance with its uncommitted orders, which
//   are shipped again: the label's Idempotency-Key (the order, the same on every attempt and
//   on every instance) makes the courier answer a repeat without selling a second label.
export default defineHandler('Ship', async (msg, ctx) => {
  const { orderId, postcode } = msg.body;
  await ctx.work(100); // address lookup
  if (!/^\d{5}$/.test(String(postcode))) {
    ctx.deadLetter('invalid-postcode', `no address for postcode ${postcode}: no retry can ship ${orderId}`);
    return;
  }
  await ctx.call('Courier', 'createLabel', { orderId, postcode }, { idempotencyKey: `label-${orderId}` });
  await ctx.work(300); // pack the parcel and stick the label on
});
