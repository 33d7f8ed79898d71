import { defineHandler } from 'brokerlab';

// A job without a postcode cannot be printed: complete it so it stops coming back.
export default defineHandler('Print', async (msg, ctx) => {
  const { jobId, parcelId, address } = msg.body;
  if (!address.postcode) {
    ctx.complete();
    return;
  }
  let booking;
  try {
    booking = await ctx.call('Carrier', 'book', { jobId, parcelId, postcode: address.postcode }, { timeoutTicks: 2_000, idempotencyKey: jobId });
  } catch (error) {
    ctx.abandon();
    return;
  }
  await ctx.call('LabelPrinter', 'print', { jobId, parcelId, tracking: booking.receipt, address });
  await ctx.db.transaction(async (tx) => {
    tx.put('labels', jobId, { parcelId, tracking: booking.receipt, printedAt: ctx.now() });
  });
  ctx.complete();
});
