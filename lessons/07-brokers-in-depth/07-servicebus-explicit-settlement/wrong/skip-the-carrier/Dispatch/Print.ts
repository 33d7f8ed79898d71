import { defineHandler } from 'brokerlab';

// Settle by hand: dead-letter the job without a postcode; print a label with our own tracking
// number, record it, complete.
export default defineHandler('Print', async (msg, ctx) => {
  const { jobId, parcelId, address } = msg.body;
  if (!address.postcode) {
    ctx.deadLetter('AddressIncomplete', `${jobId}: the address has no postcode, the carrier cannot book it`);
    return;
  }
  const tracking = `TRK-${parcelId}`;
  await ctx.call('LabelPrinter', 'print', { jobId, parcelId, tracking, address });
  await ctx.db.transaction(async (tx) => {
    tx.put('labels', jobId, { parcelId, tracking, printedAt: ctx.now() });
  });
  ctx.complete();
});
