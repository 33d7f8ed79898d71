import { defineHandler } from 'brokerlab';

// The carrier did not answer: give up on this delivery; Service Bus will bring the job back.
export default defineHandler('Print', async (msg, ctx) => {
  const { jobId, parcelId, address } = msg.body;
  if (!address.postcode) {
    ctx.deadLetter('AddressIncomplete', `${jobId}: the address has no postcode, the carrier cannot book it`);
    return;
  }
  let booking;
  try {
    booking = await ctx.call('Carrier', 'book', { jobId, parcelId, postcode: address.postcode }, { timeoutTicks: 2_000, idempotencyKey: jobId });
  } catch (error) {
    return;
  }
  await ctx.call('LabelPrinter', 'print', { jobId, parcelId, tracking: booking.receipt, address });
  await ctx.db.transaction(async (tx) => {
    tx.put('labels', jobId, { parcelId, tracking: booking.receipt, printedAt: ctx.now() });
  });
  ctx.complete();
});
