import { defineHandler } from 'brokerlab';

// A carrier failure is thrown: the processor abandons a message whose handler threw and did
// not settle it — whatever AutoCompleteMessages says.
export default defineHandler('Print', async (msg, ctx) => {
  const { jobId, parcelId, address } = msg.body;
  if (!address.postcode) {
    ctx.deadLetter('AddressIncomplete', `${jobId}: the address has no postcode, the carrier cannot book it`);
    return;
  }
  const booking = await ctx.call('Carrier', 'book', { jobId, parcelId, postcode: address.postcode }, { timeoutTicks: 2_000, idempotencyKey: jobId });
  await ctx.call('LabelPrinter', 'print', { jobId, parcelId, tracking: booking.receipt, address });
  await ctx.db.transaction(async (tx) => {
    tx.put('labels', jobId, { parcelId, tracking: booking.receipt, printedAt: ctx.now() });
  });
  ctx.complete();
});
