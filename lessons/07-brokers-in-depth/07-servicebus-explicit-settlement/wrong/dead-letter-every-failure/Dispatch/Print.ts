import { defineHandler } from 'brokerlab';

// Any failure goes to the dead-letter queue, with its reason.
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
    ctx.deadLetter('CarrierFailed', String(error));
    return;
  }
  await ctx.call('LabelPrinter', 'print', { jobId, parcelId, tracking: booking.receipt, address });
  await ctx.db.transaction(async (tx) => {
    tx.put('labels', jobId, { parcelId, tracking: booking.receipt, printedAt: ctx.now() });
  });
  ctx.complete();
});
