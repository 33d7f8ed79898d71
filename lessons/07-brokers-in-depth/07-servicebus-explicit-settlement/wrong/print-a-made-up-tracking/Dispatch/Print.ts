import { defineHandler } from 'brokerlab';

// Settles by hand like the solution and books the carrier — but prints the label with a tracking
// number of its own (TRK-<job>), readable at a glance, instead of the one the carrier answered.
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
    ctx.abandon();
    return;
  }
  await ctx.call('LabelPrinter', 'print', { jobId, parcelId, tracking: 'TRK-' + jobId, address });
  await ctx.db.transaction(async (tx) => {
    tx.put('labels', jobId, { parcelId, tracking: 'TRK-' + jobId, printedAt: ctx.now() });
  });
  ctx.complete();
});
